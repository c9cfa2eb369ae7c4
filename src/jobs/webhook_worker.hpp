#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "jobs/outbox.hpp"
#include "jobs/polling_loop.hpp"
#include "jobs/svix_client.hpp"
#include "storage/store.hpp"
#include "util/clock.hpp"

namespace stackd::jobs {

// Delivers queued webhook events through Svix, as upstream's sendWebhooks does: get-or-
// create the project's Svix application (uid = name = project id; a 409 means it exists),
// then create a message {eventType, payload: {type, data}}. Svix fans it out to the
// project's endpoints, signs and retries towards them.
//
// Outcomes land on the outbox row: sent; pending again with backoff after a 429, a 5xx or
// a network failure; failed for good after any other answer or the 5th attempt (upstream's
// bound). The outbox row id is the message's idempotency key, so a delivery retried after
// a crash does not reach receivers twice. Without Svix configured no worker runs and rows
// stay pending.
class WebhookWorker {
public:
    struct Options {
        int64_t poll_interval_ms = 200;
        // Longer than a delivery can take (two requests of at most 30 s each).
        int64_t lease_ms = 2 * 60 * 1000;
        int batch_size = 20;
        int64_t max_attempts = 5;
        // upstream: (rand + 0.5) · 1 s · 2^n before the (n+2)-th attempt.
        int64_t base_backoff_ms = 1000;
    };

    WebhookWorker(storage::Store& store, const util::Clock& clock, const SvixClient& svix, Options options);
    ~WebhookWorker();
    WebhookWorker(const WebhookWorker&) = delete;
    WebhookWorker& operator=(const WebhookWorker&) = delete;

    void Start();
    // Finishes the delivery in progress, then returns; unclaimed events stay queued.
    void Stop();

    // One pass over the due events; returns how many were claimed.
    size_t RunOnce();

    static int64_t BackoffMs(int64_t failed_attempts, int64_t base_ms, double random_unit);

private:
    struct Outcome {
        bool ok = false;
        bool retryable = false;
        std::string error;
    };

    Outcome Send(const outbox::Item& item) const;
    void Deliver(const outbox::Item& item);
    void Release(const outbox::Item& item);

    storage::Store& store_;
    const util::Clock& clock_;
    const SvixClient& svix_;
    Options options_;
    std::string owner_;
    PollingLoop loop_;
};

}  // namespace stackd::jobs
