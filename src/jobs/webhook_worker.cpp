#include "jobs/webhook_worker.hpp"

#include <spdlog/spdlog.h>

#include <cmath>
#include <random>

#include "crypto/random.hpp"

namespace stackd::jobs {
namespace {

double RandomUnit() {
    thread_local std::mt19937_64 generator{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
}

std::string Text(const nlohmann::json& payload, const char* key) {
    const auto found = payload.find(key);
    return found != payload.end() && found->is_string() ? found->get<std::string>() : std::string();
}

// Rate limits, Svix's own failures and the network pass; anything else will not.
bool IsTransient(const SvixResponse& response) {
    return response.status == 0 || response.status == 429 || response.status >= 500;
}

}  // namespace

WebhookWorker::WebhookWorker(storage::Store& store, const util::Clock& clock, const SvixClient& svix, Options options)
    : store_(store), clock_(clock), svix_(svix), options_(options), owner_("webhook-" + crypto::RandomUuidV4()) {}

WebhookWorker::~WebhookWorker() { Stop(); }

void WebhookWorker::Start() {
    loop_.Start("webhook worker", options_.poll_interval_ms, [this] { return RunOnce(); });
}

void WebhookWorker::Stop() { loop_.Stop(); }

int64_t WebhookWorker::BackoffMs(int64_t failed_attempts, int64_t base_ms, double random_unit) {
    const double exponent = static_cast<double>(std::max<int64_t>(0, failed_attempts - 1));
    return static_cast<int64_t>((random_unit + 0.5) * static_cast<double>(base_ms) * std::pow(2.0, exponent));
}


size_t WebhookWorker::RunOnce() {
    const auto claimed = store_.WriteValue([&](storage::Connection& db) {
        return outbox::Claim(db, outbox::Kind::kWebhook, owner_, clock_.NowMillis(), options_.lease_ms,
                             options_.batch_size);
    });
    for (const auto& item : claimed) {
        if (loop_.Stopping()) {
            Release(item);
        } else {
            Deliver(item);
        }
    }
    return claimed.size();
}

// Not attempted: the claim is given back as it was, so a restart delivers it at once.
void WebhookWorker::Release(const outbox::Item& item) {
    store_.Write([&](storage::Connection& db) {
        db.Execute(
            "UPDATE outbox SET status = 'pending', attempts = attempts - 1, lease_owner = NULL, lease_until = NULL "
            "WHERE tenancy_id = $1 AND id = $2 AND lease_owner = $3",
            {item.tenancy_id, item.id, owner_});
    });
}

WebhookWorker::Outcome WebhookWorker::Send(const outbox::Item& item) const {
    const auto& payload = item.payload;
    const std::string project_id = payload.is_object() ? Text(payload, "project_id") : "";
    const std::string type = payload.is_object() ? Text(payload, "type") : "";
    if (project_id.empty() || type.empty() || !payload.contains("data")) {
        return {.ok = false, .retryable = false, .error = "unreadable outbox payload"};
    }
    const auto app = svix_.GetOrCreateApplication(project_id);
    // Upstream ignores a 409 here: the application exists already.
    if (!app.ok() && app.status != 409) {
        return {
            .ok = false, .retryable = IsTransient(app), .error = "creating the Svix application: " + app.Describe()};
    }
    const auto message = svix_.CreateMessage(project_id, type, {{"type", type}, {"data", payload["data"]}}, item.id);
    if (!message.ok()) {
        return {.ok = false,
                .retryable = IsTransient(message),
                .error = "creating the Svix message: " + message.Describe()};
    }
    return {.ok = true, .retryable = false, .error = ""};
}

void WebhookWorker::Deliver(const outbox::Item& item) {
    const Outcome outcome = Send(item);
    const std::string type = Text(item.payload, "type");
    const int64_t now = clock_.NowMillis();
    if (outcome.ok) {
        store_.Write([&](storage::Connection& db) { outbox::MarkSent(db, item, now); });
        spdlog::info("webhook {} ({}) sent to Svix", item.id, type);
        return;
    }
    const bool final = !outcome.retryable || item.attempts >= options_.max_attempts;
    std::optional<int64_t> retry_at;
    if (!final) {
        retry_at = now + BackoffMs(item.attempts, options_.base_backoff_ms, RandomUnit());
    }
    store_.Write([&](storage::Connection& db) { outbox::MarkFailed(db, item, outcome.error, retry_at, now); });
    if (final) {
        spdlog::error("webhook {} ({}) failed for good after {} attempt(s): {}", item.id, type, item.attempts,
                      outcome.error);
    } else {
        spdlog::warn("webhook {} ({}) attempt {} failed, retrying in {} ms: {}", item.id, type, item.attempts,
                     *retry_at - now, outcome.error);
    }
}

}  // namespace stackd::jobs
