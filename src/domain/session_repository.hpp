#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "storage/store.hpp"

namespace stackd::domain::session_repository {

// A session: one refresh token row. Only the token's SHA-256 is stored.
struct Session {
    std::string tenancy_id;
    std::string id;
    std::string user_id;
    bool is_impersonation = false;
    std::optional<int64_t> expires_at_ms;
    int64_t created_at_ms = 0;
    int64_t last_active_at_ms = 0;
    nlohmann::json last_active_ip_info;  // null when unknown
};

void Insert(storage::Connection& db, const Session& session, const std::string& refresh_token, int64_t now_ms);
// Looks the token up in any tenancy (the refresh paths learn the tenancy from it).
std::optional<Session> FindByRefreshToken(storage::Connection& db, const std::string& refresh_token);
std::optional<Session> Find(storage::Connection& db, const std::string& tenancy_id, const std::string& id);
// Records use of the session; false when the row is gone.
bool Touch(storage::Connection& db, const std::string& tenancy_id, const std::string& id, int64_t now_ms,
           const nlohmann::json& ip_info);
std::vector<Session> ListForUser(storage::Connection& db, const std::string& tenancy_id, const std::string& user_id);
bool Delete(storage::Connection& db, const std::string& tenancy_id, const std::string& id);
// Deletes every session of the user except `keep_id` (none kept when nullopt).
void DeleteAllForUser(storage::Connection& db, const std::string& tenancy_id, const std::string& user_id,
                      const std::optional<std::string>& keep_id);

}  // namespace stackd::domain::session_repository
