#include "domain/cli_auth.hpp"

#include "crypto/random.hpp"
#include "domain/cli_auth_repository.hpp"
#include "domain/session_repository.hpp"
#include "domain/user_repository.hpp"
#include "errors/known_error.hpp"

namespace stackd::domain {
namespace {

using errors::StatusError;
using Attempt = cli_auth_repository::Attempt;

constexpr const char* kInvalidLoginCode = "Invalid login code or the code has expired";
constexpr const char* kNoAnonymousSession = "No anonymous session associated with this code";

bool Expired(std::optional<int64_t> expires_at_ms, int64_t now) { return expires_at_ms && *expires_at_ms < now; }

// A login code is usable while nobody completed it, it was not polled out and has not expired.
Attempt PendingAttempt(storage::Connection& db, const TenancyView& tenancy, const std::string& login_code,
                       int64_t now) {
    auto attempt = cli_auth_repository::FindByLoginCode(db, tenancy.tenancy->id, login_code);
    if (!attempt || attempt->refresh_token || attempt->used_at_ms || Expired(attempt->expires_at_ms, now)) {
        throw StatusError(400, kInvalidLoginCode);
    }
    return *attempt;
}

// The live session of `refresh_token` in this tenancy, or nullopt when unknown or expired.
// A token of another tenancy is an error of its own, as upstream.
std::optional<session_repository::Session> LiveSession(storage::Connection& db, const TenancyView& tenancy,
                                                       const std::string& refresh_token, int64_t now) {
    auto session = session_repository::FindByRefreshToken(db, refresh_token);
    if (!session) {
        return std::nullopt;
    }
    if (session->tenancy_id != tenancy.tenancy->id) {
        throw StatusError(400, "Refresh token does not belong to this project");
    }
    if (Expired(session->expires_at_ms, now)) {
        return std::nullopt;
    }
    return session;
}

// Whether the attempt's stored anonymous token still is a live session of an anonymous user.
bool AnonymousSessionAlive(storage::Connection& db, const TenancyView& tenancy, const Attempt& attempt, int64_t now) {
    if (!attempt.anon_refresh_token) {
        return false;
    }
    const auto session = LiveSession(db, tenancy, *attempt.anon_refresh_token, now);
    if (!session) {
        return false;
    }
    const auto user = user_repository::Find(db, session->tenancy_id, session->user_id);
    return user && user->is_anonymous;
}

// Initiate's checks of the CLI's anonymous refresh token, each with its own upstream text.
void CheckAnonRefreshToken(storage::Connection& db, const TenancyView& tenancy, const std::string& token,
                           int64_t now) {
    const auto session = session_repository::FindByRefreshToken(db, token);
    if (!session) {
        throw StatusError(400, "Invalid anon refresh token");
    }
    if (session->tenancy_id != tenancy.tenancy->id) {
        throw StatusError(400, "Anon refresh token does not belong to this project");
    }
    if (Expired(session->expires_at_ms, now)) {
        throw StatusError(400, "The provided anon refresh token has expired");
    }
    const auto user = user_repository::Find(db, session->tenancy_id, session->user_id);
    if (!user) {
        throw StatusError(400, "User not found for provided refresh token");
    }
    if (!user->is_anonymous) {
        throw StatusError(400, "The provided refresh token does not belong to an anonymous user");
    }
}

}  // namespace

CliAuthCodes CliAuthService::Initiate(const TenancyView& tenancy, int64_t expires_in_ms,
                                      const std::optional<std::string>& anon_refresh_token) {
    const int64_t now = clock_.NowMillis();
    return store_.WriteValue([&](storage::Connection& db) {
        if (anon_refresh_token) {
            CheckAnonRefreshToken(db, tenancy, *anon_refresh_token, now);
        }
        Attempt attempt;
        attempt.tenancy_id = tenancy.tenancy->id;
        attempt.id = crypto::RandomUuidV4();
        attempt.anon_refresh_token = anon_refresh_token;
        attempt.expires_at_ms = now + expires_in_ms;
        CliAuthCodes codes{crypto::GenerateSecureRandomString(), crypto::GenerateSecureRandomString(),
                           attempt.expires_at_ms};
        cli_auth_repository::Insert(db, attempt, codes.polling_code, codes.login_code, now);
        return codes;
    });
}

CliPollResult CliAuthService::Poll(const TenancyView& tenancy, const std::string& polling_code) {
    const int64_t now = clock_.NowMillis();
    // CLIs poll every few seconds while they wait: read first, and take the writer only to
    // consume a completed attempt.
    const auto attempt = store_.ReadValue([&](storage::Connection& db) {
        return cli_auth_repository::FindByPollingCode(db, tenancy.tenancy->id, polling_code);
    });
    if (!attempt) {
        throw errors::KnownError(errors::ErrorCode::kInvalidPollingCode);
    }
    if (Expired(attempt->expires_at_ms, now)) {
        return {"expired", std::nullopt};
    }
    if (attempt->used_at_ms) {
        return {"used", std::nullopt};
    }
    if (!attempt->refresh_token) {
        return {"waiting", std::nullopt};
    }
    // Only the poll that flips used_at hands the token out; a concurrent one sees "used".
    const bool consumed = store_.WriteValue([&](storage::Connection& db) {
        return cli_auth_repository::MarkUsed(db, attempt->tenancy_id, attempt->id, now);
    });
    if (!consumed) {
        return {"used", std::nullopt};
    }
    return {"success", attempt->refresh_token};
}

bool CliAuthService::HasAnonymousSession(const TenancyView& tenancy, const std::string& login_code) {
    const int64_t now = clock_.NowMillis();
    return store_.ReadValue([&](storage::Connection& db) {
        return AnonymousSessionAlive(db, tenancy, PendingAttempt(db, tenancy, login_code, now), now);
    });
}

CliClaimedSession CliAuthService::ClaimAnonymousSession(const TenancyView& tenancy, const std::string& login_code,
                                                        const ClientInfo& client) {
    const int64_t now = clock_.NowMillis();
    const std::string anon_refresh_token = store_.WriteValue([&](storage::Connection& db) {
        const auto attempt = PendingAttempt(db, tenancy, login_code, now);
        if (!AnonymousSessionAlive(db, tenancy, attempt, now) ||
            !cli_auth_repository::ClearAnonRefreshToken(db, attempt.tenancy_id, attempt.id,
                                                        *attempt.anon_refresh_token, now)) {
            throw StatusError(400, kNoAnonymousSession);
        }
        return *attempt.anon_refresh_token;
    });
    // Minted like a refresh (session activity and events), after the claim is committed.
    auto access_token = sessions_.Refresh(anon_refresh_token, tenancy.project.id, tenancy, client);
    if (!access_token) {
        throw StatusError(400, "Anonymous session is no longer valid");
    }
    return {std::move(*access_token), anon_refresh_token};
}

void CliAuthService::Complete(const TenancyView& tenancy, const std::string& login_code,
                              const std::optional<std::string>& refresh_token) {
    const int64_t now = clock_.NowMillis();
    store_.Write([&](storage::Connection& db) {
        const auto attempt = PendingAttempt(db, tenancy, login_code, now);
        if (!refresh_token) {
            throw StatusError(400, "refresh_token is required when mode is 'complete'");
        }
        if (!LiveSession(db, tenancy, *refresh_token, now)) {
            throw StatusError(400, "Invalid refresh token");
        }
        // The anonymous user, if any, is deliberately not merged into the browser's user.
        if (!cli_auth_repository::StoreRefreshToken(db, attempt.tenancy_id, attempt.id, *refresh_token, now)) {
            throw StatusError(400, kInvalidLoginCode);
        }
    });
}

}  // namespace stackd::domain
