#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "jobs/outbox.hpp"
#include "jobs/smtp_sender.hpp"
#include "storage/store.hpp"
#include "util/clock.hpp"

namespace stackd::jobs {

// Delivers queued emails: claims due outbox rows with a lease, sends each over SMTP and
// records the outcome on the row (sent; pending again with backoff; or failed for good).
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

    EmailWorker(storage::Store& store, const util::Clock& clock, const SmtpSender& sender, Options options);
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
    void Loop();

    storage::Store& store_;
    const util::Clock& clock_;
    const SmtpSender& sender_;
    Options options_;
    std::string owner_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace stackd::jobs
