#include "domain/webhook_portal.hpp"

#include <chrono>
#include <random>
#include <thread>

#include "errors/known_error.hpp"

namespace stackd::domain {
namespace {

using errors::StatusError;

[[noreturn]] void ThrowSvixFailure(const jobs::SvixResponse& response) {
    throw StatusError(502, "Webhook service request failed. " + response.Describe());
}

// upstream's Result.retry delay: (rand + 0.5) · 1 s · 2^i after the i-th failed check.
void WaitBeforeRetry(int failed_checks) {
    thread_local std::mt19937_64 generator{std::random_device{}()};
    const double unit = std::uniform_real_distribution<double>(0.0, 1.0)(generator);
    std::this_thread::sleep_for(
        std::chrono::milliseconds(static_cast<int64_t>((unit + 0.5) * 1000.0 * (1 << failed_checks))));
}

}  // namespace

void WebhookPortal::RequireConfigured() const {
    if (!svix_.settings().configured()) {
        throw StatusError(503, "Webhooks are not configured on this server (STACK_SVIX_API_KEY is not set).");
    }
}

void WebhookPortal::EnsureApplication(const std::string& project_id) const {
    const auto app = svix_.GetOrCreateApplication(project_id);
    if (!app.ok() && app.status != 409) {
        ThrowSvixFailure(app);
    }
}

WebhookPortal::PortalAccess WebhookPortal::Access(const std::string& project_id) const {
    RequireConfigured();
    EnsureApplication(project_id);
    const auto response = svix_.AppPortalAccess(project_id);
    const auto body = response.Json();
    if (!response.ok() || !body.is_object() || !body.contains("token") || !body["token"].is_string()) {
        ThrowSvixFailure(response);
    }
    PortalAccess access{body["token"].get<std::string>(), std::nullopt};
    // Svix's embedded app portal exists only on hosted Svix.
    if (svix_.settings().server_url.empty() && body.contains("url") && body["url"].is_string()) {
        access.url = body["url"].get<std::string>();
    }
    return access;
}

WebhookPortal::TestResult WebhookPortal::SendTest(const std::string& project_id, const std::string& endpoint_id) const {
    RequireConfigured();
    EnsureApplication(project_id);
    const auto endpoint = svix_.GetEndpoint(project_id, endpoint_id);
    const auto endpoint_body = endpoint.Json();
    if (!endpoint.ok() || !endpoint_body.is_object()) {
        return {false, "Endpoint not found. Make sure it still exists."};
    }
    const nlohmann::json payload = {{"type", "stack.test"},
                                    {"data",
                                     {{"message", "Stack webhook test event triggered from the Stack dashboard."},
                                      {"endpointUrl", endpoint_body.value("url", nlohmann::json(nullptr))}}}};
    const auto message = svix_.CreateMessage(project_id, "stack.test", payload, "");
    const auto message_body = message.Json();
    if (!message.ok() || !message_body.is_object() || !message_body.contains("id") || !message_body["id"].is_string()) {
        return {false, message.Describe()};
    }
    const std::string message_id = message_body["id"].get<std::string>();
    constexpr int kChecks = 3;
    for (int check = 0; check < kChecks; ++check) {
        const auto attempts = svix_.ListSuccessfulAttempts(project_id, message_id);
        const auto attempts_body = attempts.Json();
        if (attempts.ok() && attempts_body.is_object() && attempts_body.contains("data") &&
            attempts_body["data"].is_array()) {
            for (const auto& attempt : attempts_body["data"]) {
                if (attempt.is_object() && attempt.value("endpointId", "") == endpoint_id) {
                    return {true, std::nullopt};
                }
            }
        }
        if (check + 1 < kChecks) {
            WaitBeforeRetry(check);
        }
    }
    return {false, "Webhook not delivered. Make sure the endpoint is configured correctly."};
}

}  // namespace stackd::domain
