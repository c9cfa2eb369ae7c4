#include "jobs/email_worker.hpp"

#include <cmath>
#include <random>

#include <spdlog/spdlog.h>

#include "crypto/random.hpp"
#include "jobs/email_outbox.hpp"

namespace stackd::jobs {
namespace {

std::string Joined(const std::vector<std::string>& addresses) {
    std::string joined;
    for (const auto& address : addresses) {
        joined += (joined.empty() ? "" : ", ") + address;
    }
    return joined;
}

std::string Text(const nlohmann::json& payload, const char* key) {
    if (!payload.is_object()) {
        return "";
    }
    const auto found = payload.find(key);
    return found != payload.end() && found->is_string() ? found->get<std::string>() : std::string();
}

// While the project has no usable server, look again after this long.
constexpr int64_t kWaitForServerMs = 60 * 1000;

constexpr const char* kUnexpectedSendError =
    "An error occurred while sending the email. If you are the admin of this project, please check the email "
    "configuration and try again.";

double RandomUnit() {
    thread_local std::mt19937_64 generator{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
}

}  // namespace

EmailWorker::EmailWorker(storage::Store& store, const util::Clock& clock, const EmailDeliveryPlanner& planner,
                         const SmtpSender* shared_sender, Options options, EmailCapacity* capacity)
    : store_(store),
      clock_(clock),
      planner_(planner),
      shared_sender_(shared_sender),
      options_(options),
      capacity_(capacity),
      owner_("email-" + crypto::RandomUuidV4()) {}

EmailWorker::~EmailWorker() { Stop(); }

void EmailWorker::Start() {
    loop_.Start("email worker", options_.poll_interval_ms, [this] { return RunOnce(); });
}

void EmailWorker::Stop() { loop_.Stop(); }

int64_t EmailWorker::BackoffMs(int64_t attempts, int64_t base_ms, double random_unit) {
    return static_cast<int64_t>((random_unit + 0.5) * static_cast<double>(base_ms) *
                                std::pow(2.0, static_cast<double>(attempts)));
}


size_t EmailWorker::RunOnce() {
    const auto claimed = store_.WriteValue([&](storage::Connection& db) {
        return email_outbox::Claim(db, owner_, clock_.NowMillis(), options_.lease_ms, options_.batch_size,
                                   shared_sender_ != nullptr);
    });
    for (const auto& item : claimed) {
        if (loop_.Stopping()) {
            // Not attempted: give the claim back as it was, so a restart sends it at once.
            store_.Write([&](storage::Connection& db) {
                email_outbox::Release(db, item, owner_, item.next_attempt_at_ms);
            });
            continue;
        }
        // Over the project's capacity: back in the queue, due when the capacity allows,
        // without counting as an attempt.
        if (capacity_) {
            if (auto wait = capacity_->Take(item.tenancy_id, clock_.NowMillis())) {
                const int64_t due = clock_.NowMillis() + *wait;
                store_.Write([&](storage::Connection& db) { email_outbox::Release(db, item, owner_, due); });
                continue;
            }
        }
        Deliver(item);
    }
    return claimed.size();
}

void EmailWorker::Deliver(const outbox::Item& item) {
    const std::string loggable_subject = Text(item.payload, "loggable_subject");
    DeliveryPlan plan;
    try {
        plan = planner_.Plan(item);
    } catch (const std::exception& error) {
        spdlog::error("email {}: cannot plan delivery: {}", item.id, error.what());
        const int64_t now = clock_.NowMillis();
        store_.Write([&](storage::Connection& db) {
            email_outbox::MarkServerError(db, item, owner_, kUnexpectedSendError, std::nullopt, now);
        });
        return;
    }
    const SmtpSender* sender = shared_sender_;
    std::optional<SmtpSender> own_sender;
    if (plan.server) {
        own_sender.emplace(*plan.server);
        sender = &*own_sender;
    }
    if (plan.action == DeliveryPlan::Action::kSkip) {
        const int64_t now = clock_.NowMillis();
        store_.Write([&](storage::Connection& db) {
            email_outbox::MarkSkipped(db, item, owner_, plan.skipped_reason, plan.skipped_details, now);
        });
        spdlog::info("email {} skipped ({}): {}", item.id, plan.skipped_reason, loggable_subject);
        return;
    }
    if (plan.action == DeliveryPlan::Action::kWaitForServer || sender == nullptr) {
        const int64_t due = clock_.NowMillis() + kWaitForServerMs;
        store_.Write([&](storage::Connection& db) { email_outbox::Release(db, item, owner_, due); });
        return;
    }
    OutgoingEmail email;
    email.id = item.id;
    email.sender_name = plan.sender_name;
    email.to = plan.to;
    email.subject = Text(item.payload, "subject");
    email.html = Text(item.payload, "html");
    email.text = Text(item.payload, "text");
    const SendResult result = sender->Send(email);
    const int64_t now = clock_.NowMillis();
    if (result.ok) {
        store_.Write([&](storage::Connection& db) { email_outbox::MarkSent(db, item, owner_, now); });
        spdlog::info("email {} to {} sent: {}", item.id, Joined(plan.to), loggable_subject);
        return;
    }
    RecordFailure(item, result, now);
    spdlog::warn("email {} to {} attempt {} failed: {}: {}", item.id, Joined(plan.to), item.attempts,
                 result.error_type, result.message);
}

void EmailWorker::RecordFailure(const outbox::Item& item, const SendResult& result, int64_t now) {
    const bool final = !result.retryable || item.attempts >= options_.max_attempts;
    const email_outbox::AttemptError attempt{.attempt_number = item.attempts,
                                             .external_message = result.message,
                                             .error_type = result.error_type,
                                             .internal_message = result.message};
    if (final) {
        store_.Write([&](storage::Connection& db) {
            email_outbox::MarkServerError(db, item, owner_, result.message, attempt, now);
        });
        return;
    }
    const int64_t retry_at = now + BackoffMs(item.attempts, options_.base_backoff_ms, RandomUnit());
    store_.Write([&](storage::Connection& db) { email_outbox::MarkRetry(db, item, owner_, attempt, retry_at, now); });
}

}  // namespace stackd::jobs
