#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "jobs/email_capacity.hpp"
#include "jobs/email_delivery.hpp"
#include "jobs/outbox.hpp"
#include "jobs/polling_loop.hpp"
#include "jobs/smtp_sender.hpp"
#include "storage/store.hpp"
#include "util/clock.hpp"

namespace stackd::jobs {

// Delivers queued emails: claims due outbox rows with a lease, asks the planner where and
// to whom each goes (the project's own SMTP server or the shared one; skipped when the
// recipient is gone, has no address or unsubscribed), sends it and records the outcome on
// the row (sent; pending again with backoff; failed for good; skipped).
// A crash mid-send leaves a lease that expires, and the email is retried: at least once,
// never lost. Several nodes can run one each; the lease keeps them off each other's rows.
class EmailWorker {
public:
    struct Options {
        int64_t poll_interval_ms = 200;
        // Longer than any send can take (curl's bound is 60 s), so a live worker's row is
        // never taken over while it is still sending.
        int64_t lease_ms = 5 * 60 * 1000;
        int batch_size = 10;
        // Upstream gives up on the 5th failed attempt.
        int64_t max_attempts = 5;
        int64_t base_backoff_ms = 20000;
    };

    // `shared_sender` is the server-wide SMTP server, nullptr when none is configured:
    // projects on it then keep their emails queued. `capacity` paces each project's sends;
    // nullptr sends as fast as the rows come.
    EmailWorker(storage::Store& store, const util::Clock& clock, const EmailDeliveryPlanner& planner,
                const SmtpSender* shared_sender, Options options, EmailCapacity* capacity = nullptr);
    ~EmailWorker();
    EmailWorker(const EmailWorker&) = delete;
    EmailWorker& operator=(const EmailWorker&) = delete;

    void Start();
    // Finishes the email being sent, then returns; unclaimed emails stay queued.
    void Stop();

    // One pass over the due emails; returns how many were attempted.
    size_t RunOnce();

    // upstream: (rand + 0.5) · 20 s · 2^n after the n-th failed attempt.
    static int64_t BackoffMs(int64_t attempts, int64_t base_ms, double random_unit);

private:
    void Deliver(const outbox::Item& item);
    void RecordFailure(const outbox::Item& item, const SendResult& result, int64_t now);

    storage::Store& store_;
    const util::Clock& clock_;
    const EmailDeliveryPlanner& planner_;
    const SmtpSender* shared_sender_;
    Options options_;
    EmailCapacity* capacity_;
    std::string owner_;
    PollingLoop loop_;
};

}  // namespace stackd::jobs
