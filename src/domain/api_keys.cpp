#include "domain/api_keys.hpp"

#include <algorithm>

#include "crypto/api_key_format.hpp"
#include "crypto/random.hpp"
#include "domain/project_repository.hpp"
#include "errors/known_error.hpp"

namespace stackd::domain {
namespace {

constexpr const char* kSelectSet =
    "SELECT id, description, expires_at, created_at, manually_revoked_at, publishable_client_key_last_four, "
    "secret_server_key_last_four, super_secret_admin_key_last_four FROM api_key_sets ";

ApiKeySet SetFromRow(const storage::Row& row) {
    ApiKeySet set;
    set.id = row.Text(0);
    set.description = row.Text(1);
    set.expires_at_ms = row.Int(2);
    set.created_at_ms = row.Int(3);
    set.manually_revoked_at_ms = row.OptInt(4);
    set.publishable_client_key_last_four = row.OptText(5);
    set.secret_server_key_last_four = row.OptText(6);
    set.super_secret_admin_key_last_four = row.OptText(7);
    return set;
}

std::optional<ApiKeySet> FindSet(storage::Connection& db, const std::string& project_id, const std::string& id) {
    auto row = db.QueryOne(std::string(kSelectSet) + "WHERE project_id = $1 AND id = $2", {project_id, id});
    if (!row) {
        return std::nullopt;
    }
    return SetFromRow(*row);
}

std::optional<std::string> LastFour(const std::optional<std::string>& key) {
    if (!key) {
        return std::nullopt;
    }
    return key->size() <= 4 ? *key : key->substr(key->size() - 4);
}

}  // namespace

CreatedApiKeySet ApiKeyService::Create(const std::string& project_id, const ApiKeySetRequest& request) {
    CreatedApiKeySet created;
    if (request.has_publishable_client_key) {
        created.publishable_client_key = crypto::CreateInternalApiKey("pck");
    }
    if (request.has_secret_server_key) {
        created.secret_server_key = crypto::CreateInternalApiKey("ssk");
    }
    if (request.has_super_secret_admin_key) {
        created.super_secret_admin_key = crypto::CreateInternalApiKey("sak");
    }
    const int64_t now = clock_.NowMillis();
    ApiKeySet& set = created.set;
    set.id = crypto::RandomUuidV4();
    set.description = request.description;
    set.expires_at_ms = request.expires_at_ms;
    set.created_at_ms = now;
    set.publishable_client_key_last_four = LastFour(created.publishable_client_key);
    set.secret_server_key_last_four = LastFour(created.secret_server_key);
    set.super_secret_admin_key_last_four = LastFour(created.super_secret_admin_key);
    store_.Write([&](storage::Connection& db) {
        // The listing is newest first. Upstream's timestamps have microsecond precision, ours
        // milliseconds: a set created in the same millisecond as the project's newest one is
        // stamped one millisecond later, so it still lists first.
        const auto newest = db.QueryOne("SELECT MAX(created_at) FROM api_key_sets WHERE project_id = $1", {project_id});
        if (newest && !newest->IsNull(0)) {
            set.created_at_ms = std::max(now, newest->Int(0) + 1);
        }
        project_repository::UpsertKeySet(
            db, project_id, set.id, set.description, set.expires_at_ms,
            {created.publishable_client_key, created.secret_server_key, created.super_secret_admin_key},
            set.created_at_ms);
    });
    projects_.Invalidate(project_id);
    return created;
}

std::vector<ApiKeySet> ApiKeyService::List(const std::string& project_id) {
    return store_.ReadValue([&](storage::Connection& db) {
        std::vector<ApiKeySet> sets;
        for (const auto& row :
             db.Query(std::string(kSelectSet) + "WHERE project_id = $1 ORDER BY created_at DESC, id", {project_id})) {
            sets.push_back(SetFromRow(row));
        }
        return sets;
    });
}

ApiKeySet ApiKeyService::Get(const std::string& project_id, const std::string& id) {
    auto set = store_.ReadValue([&](storage::Connection& db) { return FindSet(db, project_id, id); });
    if (!set) {
        throw errors::KnownError(errors::ErrorCode::kApiKeyNotFound);
    }
    return *set;
}

ApiKeySet ApiKeyService::Update(const std::string& project_id, const std::string& id,
                                const std::optional<std::string>& description, bool revoke) {
    auto set = store_.WriteValue([&](storage::Connection& db) {
        if (!FindSet(db, project_id, id)) {
            return std::optional<ApiKeySet>();
        }
        if (description) {
            db.Execute("UPDATE api_key_sets SET description = $3 WHERE project_id = $1 AND id = $2",
                       {project_id, id, *description});
        }
        if (revoke) {
            db.Execute("UPDATE api_key_sets SET manually_revoked_at = $3 WHERE project_id = $1 AND id = $2",
                       {project_id, id, clock_.NowMillis()});
        }
        return FindSet(db, project_id, id);
    });
    if (!set) {
        throw errors::KnownError(errors::ErrorCode::kApiKeyNotFound);
    }
    projects_.Invalidate(project_id);
    return *set;
}

}  // namespace stackd::domain
