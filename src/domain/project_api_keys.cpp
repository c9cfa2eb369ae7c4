#include "domain/project_api_keys.hpp"

#include "crypto/hash.hpp"
#include "crypto/random.hpp"
#include "domain/permission_grants.hpp"
#include "errors/known_error.hpp"

namespace stackd::domain {
namespace {

using errors::ErrorCode;
using errors::KnownError;

constexpr const char* kSelectKey =
    "SELECT id, user_id, team_id, description, is_public, created_at, expires_at, manually_revoked_at, last_four, "
    "secret_hash FROM project_api_keys ";

const char* OwnerColumn(ApiKeyType type) { return type == ApiKeyType::kTeam ? "team_id" : "user_id"; }

struct StoredKey {
    ProjectApiKey key;
    std::string secret_hash;
};

StoredKey KeyFromRow(const storage::Row& row) {
    StoredKey stored;
    ProjectApiKey& key = stored.key;
    key.id = row.Text(0);
    key.type = row.IsNull(1) ? ApiKeyType::kTeam : ApiKeyType::kUser;
    key.owner_id = row.IsNull(1) ? row.Text(2) : row.Text(1);
    key.description = row.Text(3);
    key.is_public = row.Bool(4);
    key.created_at_ms = row.Int(5);
    key.expires_at_ms = row.OptInt(6);
    key.manually_revoked_at_ms = row.OptInt(7);
    key.last_four = row.Text(8);
    stored.secret_hash = row.Text(9);
    return stored;
}

// A key of the other kind reads as missing (upstream would fail internally).
std::optional<ProjectApiKey> FindKey(storage::Connection& db, const std::string& tenancy_id, ApiKeyType type,
                                     const std::string& id) {
    auto row = db.QueryOne(std::string(kSelectKey) + "WHERE tenancy_id = $1 AND id = $2 AND " + OwnerColumn(type) +
                               " IS NOT NULL",
                           {tenancy_id, id});
    if (!row) {
        return std::nullopt;
    }
    return KeyFromRow(*row).key;
}

}  // namespace

const char* ApiKeyTypeName(ApiKeyType type) { return type == ApiKeyType::kTeam ? "team" : "user"; }

void ProjectApiKeyService::EnsureEnabled(const TenancyView& tenancy, ApiKeyType type) {
    const auto& enabled = tenancy.config["apiKeys"]["enabled"];
    const char* name = ApiKeyTypeName(type);
    if (!enabled.contains(name) || !enabled[name].is_boolean() || !enabled[name].get<bool>()) {
        throw errors::StatusError(400, type == ApiKeyType::kTeam ? "Team API keys are not enabled for this project."
                                                                 : "User API keys are not enabled for this project.");
    }
}

void ProjectApiKeyService::EnsureCanManage(const TenancyView& tenancy, const Caller& caller, ApiKeyType type,
                                           const std::string& owner_id) {
    if (!caller.IsClient()) {
        return;
    }
    if (!caller.user_id) {
        throw KnownError(ErrorCode::kUserAuthenticationRequired);
    }
    if (type == ApiKeyType::kUser) {
        if (*caller.user_id != owner_id) {
            throw errors::StatusError(403, "Client can only manage their own api keys");
        }
        return;
    }
    const bool allowed = store_.ReadValue([&](storage::Connection& db) {
        return !permission_grants::List(db, tenancy, permissions::Scope::kTeam,
                                        {owner_id, *caller.user_id, "$manage_api_keys", true})
                    .empty();
    });
    if (!allowed) {
        // 404 rather than a permission error, so a client cannot probe which teams exist.
        throw KnownError(ErrorCode::kApiKeyNotFound);
    }
}

CreatedProjectApiKey ProjectApiKeyService::Create(const TenancyView& tenancy, const ProjectApiKeyRequest& request) {
    CreatedProjectApiKey created;
    ProjectApiKey& key = created.key;
    key.id = crypto::RandomUuidV4();
    key.type = request.type;
    key.owner_id = request.owner_id;
    key.description = request.description;
    key.is_public = request.is_public;
    key.created_at_ms = clock_.NowMillis();
    key.expires_at_ms = request.expires_at_ms;
    created.secret =
        crypto::CreateProjectApiKey({key.id, request.is_public, request.is_cloud_version, request.type});
    key.last_four = created.secret.substr(created.secret.size() - 4);
    const std::string& tenancy_id = tenancy.tenancy->id;
    store_.Write([&](storage::Connection& db) {
        if (request.type == ApiKeyType::kTeam) {
            permission_grants::EnsureTeamExists(db, tenancy_id, request.owner_id);
        } else {
            permission_grants::EnsureUserExists(db, tenancy_id, request.owner_id);
        }
        const bool team = request.type == ApiKeyType::kTeam;
        db.Execute(
            "INSERT INTO project_api_keys (tenancy_id, id, secret_hash, last_four, description, is_public, expires_at, "
            "created_at, user_id, team_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            {tenancy_id, key.id, crypto::Sha256Hex(created.secret), key.last_four, key.description,
             int64_t{key.is_public ? 1 : 0},
             key.expires_at_ms ? storage::Value(*key.expires_at_ms) : storage::Null(), key.created_at_ms,
             team ? storage::Null() : storage::Value(key.owner_id),
             team ? storage::Value(key.owner_id) : storage::Null()});
    });
    return created;
}

std::vector<ProjectApiKey> ProjectApiKeyService::List(const std::string& tenancy_id, ApiKeyType type,
                                                      const std::string& owner_id) {
    return store_.ReadValue([&](storage::Connection& db) {
        std::vector<ProjectApiKey> keys;
        for (const auto& row : db.Query(std::string(kSelectKey) + "WHERE tenancy_id = $1 AND " + OwnerColumn(type) +
                                            " = $2 ORDER BY created_at DESC, id",
                                        {tenancy_id, owner_id})) {
            keys.push_back(KeyFromRow(row).key);
        }
        return keys;
    });
}

ProjectApiKey ProjectApiKeyService::Get(const std::string& tenancy_id, ApiKeyType type, const std::string& id) {
    auto key = store_.ReadValue([&](storage::Connection& db) { return FindKey(db, tenancy_id, type, id); });
    if (!key) {
        throw KnownError(ErrorCode::kApiKeyNotFound);
    }
    return *key;
}

ProjectApiKey ProjectApiKeyService::Update(const std::string& tenancy_id, ApiKeyType type, const std::string& id,
                                           const std::optional<std::string>& description, bool revoke) {
    auto key = store_.WriteValue([&](storage::Connection& db) {
        if (!FindKey(db, tenancy_id, type, id)) {
            return std::optional<ProjectApiKey>();
        }
        if (description) {
            db.Execute("UPDATE project_api_keys SET description = $3 WHERE tenancy_id = $1 AND id = $2",
                       {tenancy_id, id, *description});
        }
        if (revoke) {
            db.Execute(
                "UPDATE project_api_keys SET manually_revoked_at = $3 "
                "WHERE tenancy_id = $1 AND id = $2 AND manually_revoked_at IS NULL",
                {tenancy_id, id, clock_.NowMillis()});
        }
        return FindKey(db, tenancy_id, type, id);
    });
    if (!key) {
        throw KnownError(ErrorCode::kApiKeyNotFound);
    }
    return *key;
}

ProjectApiKey ProjectApiKeyService::Check(const std::string& tenancy_id, ApiKeyType expected_type,
                                          const std::string& secret) {
    const std::string hash = crypto::Sha256Hex(secret);
    auto row = store_.ReadValue([&](storage::Connection& db) {
        return db.QueryOne(std::string(kSelectKey) + "WHERE tenancy_id = $1 AND secret_hash = $2", {tenancy_id, hash});
    });
    // The index finds the row by hash; the constant-time compare keeps the final decision
    // independent of how many bytes matched.
    if (!row) {
        throw KnownError(ErrorCode::kApiKeyNotFound);
    }
    const StoredKey stored = KeyFromRow(*row);
    if (!crypto::ConstantTimeEquals(stored.secret_hash, hash)) {
        throw KnownError(ErrorCode::kApiKeyNotFound);
    }
    const ProjectApiKey& key = stored.key;
    if (key.type != expected_type) {
        const char* expected = ApiKeyTypeName(expected_type);
        const char* actual = ApiKeyTypeName(key.type);
        throw KnownError::Formatted(ErrorCode::kWrongApiKeyType, {{"expected_type", expected}, {"actual_type", actual}},
                                    expected, actual);
    }
    if (key.manually_revoked_at_ms) {
        throw KnownError(ErrorCode::kApiKeyRevoked);
    }
    if (key.expires_at_ms && *key.expires_at_ms < clock_.NowMillis()) {
        throw KnownError(ErrorCode::kApiKeyExpired);
    }
    return key;
}

}  // namespace stackd::domain
