#include "domain/session_repository.hpp"

#include "crypto/hash.hpp"

namespace stackd::domain::session_repository {
namespace {

constexpr const char* kColumns =
    "tenancy_id, id, user_id, is_impersonation, expires_at, created_at, last_active_at, last_active_ip_info";

Session ToSession(const storage::Row& row) {
    Session session;
    session.tenancy_id = row.Text(0);
    session.id = row.Text(1);
    session.user_id = row.Text(2);
    session.is_impersonation = row.Bool(3);
    session.expires_at_ms = row.OptInt(4);
    session.created_at_ms = row.Int(5);
    session.last_active_at_ms = row.Int(6);
    const auto info = row.OptText(7);
    session.last_active_ip_info = info ? nlohmann::json::parse(*info, nullptr, false) : nlohmann::json(nullptr);
    if (session.last_active_ip_info.is_discarded()) {
        session.last_active_ip_info = nullptr;
    }
    return session;
}

}  // namespace

void Insert(storage::Connection& db, const Session& session, const std::string& refresh_token, int64_t now_ms) {
    db.Execute(
        "INSERT INTO refresh_tokens (tenancy_id, id, user_id, refresh_token_hash, is_impersonation, expires_at, "
        "last_active_at, last_active_ip_info, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7)",
        {session.tenancy_id, session.id, session.user_id, crypto::Sha256Hex(refresh_token),
         int64_t{session.is_impersonation ? 1 : 0},
         session.expires_at_ms ? storage::Value(*session.expires_at_ms) : storage::Null(), now_ms,
         session.last_active_ip_info.is_null() ? storage::Null() : storage::Value(session.last_active_ip_info.dump())});
}

std::optional<Session> FindByRefreshToken(storage::Connection& db, const std::string& refresh_token) {
    auto row = db.QueryOne(std::string("SELECT ") + kColumns + " FROM refresh_tokens WHERE refresh_token_hash = $1",
                           {crypto::Sha256Hex(refresh_token)});
    if (!row) {
        return std::nullopt;
    }
    return ToSession(*row);
}

std::optional<Session> Find(storage::Connection& db, const std::string& tenancy_id, const std::string& id) {
    auto row = db.QueryOne(std::string("SELECT ") + kColumns + " FROM refresh_tokens WHERE tenancy_id = $1 AND id = $2",
                           {tenancy_id, id});
    if (!row) {
        return std::nullopt;
    }
    return ToSession(*row);
}

bool Touch(storage::Connection& db, const std::string& tenancy_id, const std::string& id, int64_t now_ms,
           const nlohmann::json& ip_info) {
    return db.Execute(
               "UPDATE refresh_tokens SET last_active_at = $3, last_active_ip_info = $4 WHERE tenancy_id = $1 AND "
               "id = $2",
               {tenancy_id, id, now_ms, ip_info.is_null() ? storage::Null() : storage::Value(ip_info.dump())}) > 0;
}

std::vector<Session> ListForUser(storage::Connection& db, const std::string& tenancy_id, const std::string& user_id) {
    std::vector<Session> sessions;
    for (const auto& row : db.Query(std::string("SELECT ") + kColumns +
                                        " FROM refresh_tokens WHERE tenancy_id = $1 AND user_id = $2 ORDER BY "
                                        "created_at DESC, id DESC",
                                    {tenancy_id, user_id})) {
        sessions.push_back(ToSession(row));
    }
    return sessions;
}

bool Delete(storage::Connection& db, const std::string& tenancy_id, const std::string& id) {
    return db.Execute("DELETE FROM refresh_tokens WHERE tenancy_id = $1 AND id = $2", {tenancy_id, id}) > 0;
}

void DeleteAllForUser(storage::Connection& db, const std::string& tenancy_id, const std::string& user_id,
                      const std::optional<std::string>& keep_id) {
    if (keep_id) {
        db.Execute("DELETE FROM refresh_tokens WHERE tenancy_id = $1 AND user_id = $2 AND id <> $3",
                   {tenancy_id, user_id, *keep_id});
    } else {
        db.Execute("DELETE FROM refresh_tokens WHERE tenancy_id = $1 AND user_id = $2", {tenancy_id, user_id});
    }
}

}  // namespace stackd::domain::session_repository
