#include "domain/cli_auth_repository.hpp"

#include "crypto/hash.hpp"

namespace stackd::domain::cli_auth_repository {
namespace {

constexpr const char* kSelect =
    "SELECT tenancy_id, id, refresh_token, anon_refresh_token, expires_at, used_at FROM cli_auth_attempts ";

std::optional<Attempt> ToAttempt(const std::optional<storage::Row>& row) {
    if (!row) {
        return std::nullopt;
    }
    Attempt attempt;
    attempt.tenancy_id = row->Text(0);
    attempt.id = row->Text(1);
    attempt.refresh_token = row->OptText(2);
    attempt.anon_refresh_token = row->OptText(3);
    attempt.expires_at_ms = row->Int(4);
    attempt.used_at_ms = row->OptInt(5);
    return attempt;
}

storage::Value OptionalText(const std::optional<std::string>& text) {
    return text ? storage::Value(*text) : storage::Null();
}

}  // namespace

void Insert(storage::Connection& db, const Attempt& attempt, const std::string& polling_code,
            const std::string& login_code, int64_t now_ms) {
    db.Execute(
        "INSERT INTO cli_auth_attempts (tenancy_id, id, polling_code_hash, login_code_hash, refresh_token, "
        "anon_refresh_token, expires_at, used_at, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8, $8)",
        {attempt.tenancy_id, attempt.id, crypto::Sha256Hex(polling_code), crypto::Sha256Hex(login_code),
         OptionalText(attempt.refresh_token), OptionalText(attempt.anon_refresh_token), attempt.expires_at_ms,
         now_ms});
}

std::optional<Attempt> FindByPollingCode(storage::Connection& db, const std::string& tenancy_id,
                                         const std::string& polling_code) {
    return ToAttempt(db.QueryOne(std::string(kSelect) + "WHERE tenancy_id = $1 AND polling_code_hash = $2",
                                 {tenancy_id, crypto::Sha256Hex(polling_code)}));
}

std::optional<Attempt> FindByLoginCode(storage::Connection& db, const std::string& tenancy_id,
                                       const std::string& login_code) {
    return ToAttempt(db.QueryOne(std::string(kSelect) + "WHERE tenancy_id = $1 AND login_code_hash = $2",
                                 {tenancy_id, crypto::Sha256Hex(login_code)}));
}

bool MarkUsed(storage::Connection& db, const std::string& tenancy_id, const std::string& id, int64_t now_ms) {
    return db.Execute(
               "UPDATE cli_auth_attempts SET used_at = $3, updated_at = $3 WHERE tenancy_id = $1 AND id = $2 "
               "AND used_at IS NULL AND refresh_token IS NOT NULL",
               {tenancy_id, id, now_ms}) == 1;
}

bool ClearAnonRefreshToken(storage::Connection& db, const std::string& tenancy_id, const std::string& id,
                           const std::string& anon_refresh_token, int64_t now_ms) {
    return db.Execute(
               "UPDATE cli_auth_attempts SET anon_refresh_token = NULL, updated_at = $4 WHERE tenancy_id = $1 "
               "AND id = $2 AND anon_refresh_token = $3 AND refresh_token IS NULL AND used_at IS NULL "
               "AND expires_at > $4",
               {tenancy_id, id, anon_refresh_token, now_ms}) == 1;
}

bool StoreRefreshToken(storage::Connection& db, const std::string& tenancy_id, const std::string& id,
                       const std::string& refresh_token, int64_t now_ms) {
    return db.Execute(
               "UPDATE cli_auth_attempts SET refresh_token = $3, anon_refresh_token = NULL, updated_at = $4 "
               "WHERE tenancy_id = $1 AND id = $2 AND refresh_token IS NULL AND used_at IS NULL "
               "AND expires_at > $4",
               {tenancy_id, id, refresh_token, now_ms}) == 1;
}

}  // namespace stackd::domain::cli_auth_repository
