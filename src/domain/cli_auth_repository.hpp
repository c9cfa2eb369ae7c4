#pragma once

#include <optional>
#include <string>

#include "storage/store.hpp"

namespace stackd::domain::cli_auth_repository {

// One CLI login attempt (auth.md §3.7). Codes are stored as SHA-256 only.
struct Attempt {
    std::string tenancy_id;
    std::string id;
    std::optional<std::string> refresh_token;       // the browser's, once `complete` ran
    std::optional<std::string> anon_refresh_token;  // the CLI's anonymous session, until claimed
    int64_t expires_at_ms = 0;
    std::optional<int64_t> used_at_ms;
};

void Insert(storage::Connection& db, const Attempt& attempt, const std::string& polling_code,
            const std::string& login_code, int64_t now_ms);
std::optional<Attempt> FindByPollingCode(storage::Connection& db, const std::string& tenancy_id,
                                         const std::string& polling_code);
std::optional<Attempt> FindByLoginCode(storage::Connection& db, const std::string& tenancy_id,
                                       const std::string& login_code);

// The single-use transitions below are conditional UPDATEs: each returns false when the row no
// longer is in the state it requires (another request won the race, or it expired meanwhile).

// Marks a completed, unused attempt used.
bool MarkUsed(storage::Connection& db, const std::string& tenancy_id, const std::string& id, int64_t now_ms);
// Clears the anonymous refresh token of a pending attempt, if it still is `anon_refresh_token`.
bool ClearAnonRefreshToken(storage::Connection& db, const std::string& tenancy_id, const std::string& id,
                           const std::string& anon_refresh_token, int64_t now_ms);
// Stores the browser's refresh token on a pending attempt and forgets the anonymous one.
bool StoreRefreshToken(storage::Connection& db, const std::string& tenancy_id, const std::string& id,
                       const std::string& refresh_token, int64_t now_ms);

}  // namespace stackd::domain::cli_auth_repository
