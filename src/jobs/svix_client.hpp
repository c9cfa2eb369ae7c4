#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace stackd::jobs {

// Where Svix is and how to authenticate to it (STACK_SVIX_API_KEY / STACK_SVIX_SERVER_URL).
struct SvixSettings {
    std::string api_key;
    std::string server_url;  // empty: hosted Svix, in the region the key names

    bool configured() const { return !api_key.empty(); }
    // The API origin without a trailing slash: server_url, else https://api[.<region>].svix.com
    // for keys that end in ".us", ".eu", ".in", ".ca" or ".au", as Svix's SDKs choose it.
    std::string BaseUrl() const;
};

// One answer from Svix: the HTTP status (0 when no response arrived) and the body, or
// the transport error. Never contains the API key.
struct SvixResponse {
    long status = 0;
    std::string body;
    std::string transport_error;

    bool ok() const { return status >= 200 && status < 300; }
    nlohmann::json Json() const;
    // "HTTP 500: <body prefix>" or the transport error, for logs and the outbox row.
    std::string Describe() const;
};

// The few Svix REST calls upstream makes (via the svix SDK), over libcurl. Thread-safe:
// each call uses its own handle.
class SvixClient {
public:
    explicit SvixClient(SvixSettings settings) : settings_(std::move(settings)) {}

    const SvixSettings& settings() const { return settings_; }

    // POST /api/v1/app?get_if_exists=true {uid, name}: one Svix application per project.
    SvixResponse GetOrCreateApplication(const std::string& uid) const;
    // POST /api/v1/app/{app}/msg {eventType, payload}; the idempotency key makes a retried
    // delivery of the same outbox row one message at Svix.
    SvixResponse CreateMessage(const std::string& app_id, const std::string& event_type, const nlohmann::json& payload,
                               const std::string& idempotency_key) const;
    // POST /api/v1/auth/app-portal-access/{app} {}: a token for the dashboard's app portal.
    SvixResponse AppPortalAccess(const std::string& app_id) const;
    // GET /api/v1/app/{app}/endpoint/{endpoint}
    SvixResponse GetEndpoint(const std::string& app_id, const std::string& endpoint_id) const;
    // GET /api/v1/app/{app}/attempt/msg/{msg}?status=0: the message's successful attempts.
    SvixResponse ListSuccessfulAttempts(const std::string& app_id, const std::string& message_id) const;

private:
    SvixResponse Send(const std::string& method, const std::string& path, const std::string* body,
                      const std::string& idempotency_key) const;

    SvixSettings settings_;
};

}  // namespace stackd::jobs
