#include "jobs/email_worker.hpp"

#include <cmath>
#include <random>

#include <spdlog/spdlog.h>

#include "crypto/random.hpp"

namespace stackd::jobs {
namespace {

std::string Recipients(const nlohmann::json& payload) {
    std::string joined;
    for (const auto& address : payload["to"]["emails"]) {
        if (address.is_string()) {
            joined += (joined.empty() ? "" : ", ") + address.get<std::string>();
        }
    }
    return joined;
}

std::string Text(const nlohmann::json& payload, const char* key) {
    const auto found = payload.find(key);
    return found != payload.end() && found->is_string() ? found->get<std::string>() : std::string();
}

double RandomUnit() {
    thread_local std::mt19937_64 generator{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
}

}  // namespace

EmailWorker::EmailWorker(storage::Store& store, const util::Clock& clock, const SmtpSender& sender, Options options)
    : store_(store), clock_(clock), sender_(sender), options_(options), owner_("email-" + crypto::RandomUuidV4()) {}

EmailWorker::~EmailWorker() { Stop(); }

void EmailWorker::Start() {
    if (thread_.joinable()) {
        return;
    }
    stopping_ = false;
    thread_ = std::thread([this] { Loop(); });
}

void EmailWorker::Stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

int64_t EmailWorker::BackoffMs(int64_t attempts, int64_t base_ms, double random_unit) {
    return static_cast<int64_t>((random_unit + 0.5) * static_cast<double>(base_ms) *
                                std::pow(2.0, static_cast<double>(attempts)));
}

void EmailWorker::Loop() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        size_t handled = 0;
        try {
            handled = RunOnce();
        } catch (const std::exception& error) {
            // A storage hiccup must not end delivery: log and try again next poll.
            spdlog::error("email worker: {}", error.what());
        }
        lock.lock();
        if (handled == 0 && !stopping_) {
            wake_.wait_for(lock, std::chrono::milliseconds(options_.poll_interval_ms));
        }
    }
}

size_t EmailWorker::RunOnce() {
    const auto claimed = store_.WriteValue([&](storage::Connection& db) {
        return outbox::Claim(db, outbox::Kind::kEmail, owner_, clock_.NowMillis(), options_.lease_ms,
                             options_.batch_size);
    });
    for (const auto& item : claimed) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) {
                // Not attempted: give the claim back as it was, so a restart sends it at once.
                store_.Write([&](storage::Connection& db) {
                    db.Execute(
                        "UPDATE outbox SET status = 'pending', attempts = attempts - 1, lease_owner = NULL, "
                        "lease_until = NULL WHERE tenancy_id = $1 AND id = $2 AND lease_owner = $3",
                        {item.tenancy_id, item.id, owner_});
                });
                continue;
            }
        }
        Deliver(item);
    }
    return claimed.size();
}

void EmailWorker::Deliver(const outbox::Item& item) {
    const auto& payload = item.payload;
    OutgoingEmail email;
    email.id = item.id;
    email.sender_name = Text(payload, "sender_name");
    email.subject = Text(payload, "subject");
    email.html = Text(payload, "html");
    email.text = Text(payload, "text");
    if (payload.is_object() && payload.contains("to") && payload["to"].contains("emails")) {
        for (const auto& address : payload["to"]["emails"]) {
            if (address.is_string()) {
                email.to.push_back(address.get<std::string>());
            }
        }
    }
    const std::string recipients = payload.is_object() ? Recipients(payload) : std::string();
    const std::string loggable_subject = Text(payload, "loggable_subject");

    SendResult result;
    if (!payload.is_object()) {
        result = {.ok = false, .retryable = false, .error_type = "UNKNOWN", .message = "unreadable outbox payload"};
    } else {
        result = sender_.Send(email);
    }
    const int64_t now = clock_.NowMillis();
    if (result.ok) {
        store_.Write([&](storage::Connection& db) { outbox::MarkSent(db, item, now); });
        spdlog::info("email {} to {} sent: {}", item.id, recipients, loggable_subject);
        return;
    }
    const bool final = !result.retryable || item.attempts >= options_.max_attempts;
    const std::string error = result.error_type + ": " + result.message;
    std::optional<int64_t> retry_at;
    if (!final) {
        retry_at = now + BackoffMs(item.attempts, options_.base_backoff_ms, RandomUnit());
    }
    store_.Write([&](storage::Connection& db) { outbox::MarkFailed(db, item, error, retry_at, now); });
    if (final) {
        spdlog::error("email {} to {} failed for good after {} attempt(s): {}", item.id, recipients, item.attempts,
                      error);
    } else {
        spdlog::warn("email {} to {} attempt {} failed, retrying in {} ms: {}", item.id, recipients, item.attempts,
                     *retry_at - now, error);
    }
}

}  // namespace stackd::jobs
