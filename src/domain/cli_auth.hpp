#pragma once

#include <optional>
#include <string>

#include "domain/projects.hpp"
#include "domain/sessions.hpp"
#include "storage/store.hpp"
#include "util/clock.hpp"

namespace stackd::domain {

struct CliAuthCodes {
    std::string polling_code;
    std::string login_code;
    int64_t expires_at_ms = 0;
};

struct CliPollResult {
    std::string status;  // expired | used | waiting | success
    std::optional<std::string> refresh_token;  // only on success
};

struct CliClaimedSession {
    std::string access_token;
    std::string refresh_token;
};

// CLI login (auth.md §3.7): the CLI opens an attempt and polls it; the signed-in browser
// completes it with its own refresh token, which the CLI then receives once. Failures are the
// upstream plain-text 400s (errors::StatusError) and INVALID_POLLING_CODE.
class CliAuthService {
public:
    static constexpr int64_t kDefaultExpiresInMs = 2LL * 60 * 60 * 1000;
    static constexpr int64_t kMaxExpiresInMs = 24LL * 60 * 60 * 1000;

    CliAuthService(storage::Store& store, const util::Clock& clock, SessionService& sessions)
        : store_(store), clock_(clock), sessions_(sessions) {}

    CliAuthCodes Initiate(const TenancyView& tenancy, int64_t expires_in_ms,
                          const std::optional<std::string>& anon_refresh_token);
    CliPollResult Poll(const TenancyView& tenancy, const std::string& polling_code);

    // `check`: whether the attempt still carries a live anonymous session.
    bool HasAnonymousSession(const TenancyView& tenancy, const std::string& login_code);
    // `claim-anon-session`: hands the anonymous session to the caller, once.
    CliClaimedSession ClaimAnonymousSession(const TenancyView& tenancy, const std::string& login_code,
                                            const ClientInfo& client);
    // `complete`: attaches the browser's refresh token (nullopt: not given).
    void Complete(const TenancyView& tenancy, const std::string& login_code,
                  const std::optional<std::string>& refresh_token);

private:
    storage::Store& store_;
    const util::Clock& clock_;
    SessionService& sessions_;
};

}  // namespace stackd::domain
