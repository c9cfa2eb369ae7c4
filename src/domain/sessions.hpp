#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "crypto/signing_keys.hpp"
#include "domain/hot_reads.hpp"
#include "domain/projects.hpp"
#include "domain/session_repository.hpp"
#include "domain/user.hpp"
#include "jobs/activity_writer.hpp"
#include "jobs/event_writer.hpp"
#include "storage/store.hpp"
#include "util/clock.hpp"

namespace stackd::domain {

struct TokenSettings {
    std::string api_base_url;             // NEXT_PUBLIC_STACK_API_URL: the issuer's origin
    int64_t access_token_lifetime_s = 600;  // STACK_ACCESS_TOKEN_EXPIRATION_TIME (default 10min)
};

// Where a request came from, for session activity and events.
struct ClientInfo {
    nlohmann::json ip_info;  // {ip, countryCode, ...} or null
    // upstream's best-effort end-user country (browser requests only; spoofable geo headers
    // count when no proxy is trusted), as sign-up rules and the new user's country_code see it.
    std::optional<std::string> end_user_country_code;
};

struct IssuedTokens {
    std::string session_id;
    std::string refresh_token;
    std::string access_token;
};

// Sessions (refresh tokens) and the access tokens minted from them (auth.md §2.5):
// a session is valid while its row exists, has not expired and its user exists.
class SessionService {
public:
    static constexpr int64_t kDefaultSessionLifetimeMs = 365LL * 24 * 60 * 60 * 1000;

    SessionService(storage::Store& store, HotReads& hot_reads, const util::Clock& clock,
                   const crypto::SigningKeys& keys, TokenSettings settings, jobs::EventWriter& events,
                   jobs::ActivityWriter& activity)
        : store_(store),
          hot_reads_(hot_reads),
          clock_(clock),
          keys_(keys),
          settings_(std::move(settings)),
          events_(events),
          activity_(activity) {}

    // Creates a session for `user` in the caller's transaction and mints its first token.
    IssuedTokens CreateIn(storage::Connection& db, const TenancyView& tenancy, const User& user,
                          std::optional<int64_t> expires_in_ms, bool is_impersonation, const ClientInfo& client);
    IssuedTokens Create(const TenancyView& tenancy, const User& user, std::optional<int64_t> expires_in_ms,
                        bool is_impersonation, const ClientInfo& client);

    // A new access token for a valid refresh token of `tenancy_id`'s project (checked by the
    // caller through `project_id`), or nullopt: REFRESH_TOKEN_NOT_FOUND_OR_EXPIRED.
    std::optional<std::string> Refresh(const std::string& refresh_token, const std::string& project_id,
                                       const TenancyView& tenancy, const ClientInfo& client);

    std::vector<session_repository::Session> List(const std::string& tenancy_id, const std::string& user_id);
    std::optional<session_repository::Session> Find(const std::string& tenancy_id, const std::string& session_id);
    bool Delete(const std::string& tenancy_id, const std::string& session_id);
    std::optional<session_repository::Session> FindByRefreshToken(const std::string& refresh_token);

    // The access token of `user` for session `session_id` (claims from the current user row).
    std::string MintAccessToken(const TenancyView& tenancy, const User& user, const std::string& session_id) const;

    const TokenSettings& settings() const { return settings_; }

private:
    void RecordActivity(const TenancyView& tenancy, const User& user, const std::string& session_id,
                        const ClientInfo& client);

    storage::Store& store_;
    HotReads& hot_reads_;
    const util::Clock& clock_;
    const crypto::SigningKeys& keys_;
    TokenSettings settings_;
    jobs::EventWriter& events_;
    jobs::ActivityWriter& activity_;
};

}  // namespace stackd::domain
