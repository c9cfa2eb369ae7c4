#include "domain/project_repository.hpp"

#include "crypto/hash.hpp"
#include "crypto/random.hpp"

namespace stackd::domain::project_repository {
namespace {

using storage::Null;
using storage::Value;

Value OptionalText(const std::optional<std::string>& text) { return text ? Value(*text) : Null(); }

nlohmann::json ParseJsonColumn(const std::optional<std::string>& text) {
    if (!text || text->empty()) {
        return nlohmann::json::object();
    }
    auto parsed = nlohmann::json::parse(*text, nullptr, false);
    return parsed.is_object() ? parsed : nlohmann::json::object();
}

Value KeyHash(const std::optional<std::string>& key) { return key ? Value(crypto::Sha256Hex(*key)) : Null(); }

Value LastFour(const std::optional<std::string>& key) {
    return key ? Value(key->size() <= 4 ? *key : key->substr(key->size() - 4)) : Null();
}

constexpr const char* kProjectColumns =
    "id, display_name, description, is_production_mode, owner_team_id, onboarding_status, logo_url, "
    "logo_full_url, logo_dark_mode_url, logo_full_dark_mode_url, created_at";

Project ProjectFromRow(const storage::Row* row) {
    Project project;
    project.id = row->Text(0);
    project.display_name = row->Text(1);
    project.description = row->Text(2);
    project.is_production_mode = row->Bool(3);
    project.owner_team_id = row->OptText(4);
    project.onboarding_status = row->Text(5);
    project.logo_url = row->OptText(6);
    project.logo_full_url = row->OptText(7);
    project.logo_dark_mode_url = row->OptText(8);
    project.logo_full_dark_mode_url = row->OptText(9);
    project.created_at_ms = row->Int(10);
    return project;
}

}  // namespace

std::optional<Project> FindProject(storage::Connection& db, const std::string& project_id) {
    auto row = db.QueryOne(std::string("SELECT ") + kProjectColumns + " FROM projects WHERE id = $1", {project_id});
    if (!row) {
        return std::nullopt;
    }
    return ProjectFromRow(&*row);
}

bool UpdateProject(storage::Connection& db, const Project& project, int64_t now_ms) {
    return db.Execute(
               "UPDATE projects SET display_name = $2, description = $3, is_production_mode = $4, "
               "owner_team_id = $5, onboarding_status = $6, logo_url = $7, logo_full_url = $8, "
               "logo_dark_mode_url = $9, logo_full_dark_mode_url = $10, updated_at = $11 WHERE id = $1",
               {project.id, project.display_name, project.description, int64_t{project.is_production_mode ? 1 : 0},
                OptionalText(project.owner_team_id), project.onboarding_status, OptionalText(project.logo_url),
                OptionalText(project.logo_full_url), OptionalText(project.logo_dark_mode_url),
                OptionalText(project.logo_full_dark_mode_url), now_ms}) > 0;
}

bool DeleteProject(storage::Connection& db, const std::string& project_id) {
    return db.Execute("DELETE FROM projects WHERE id = $1", {project_id}) > 0;
}

std::vector<Project> ListProjectsOwnedByMember(storage::Connection& db, const std::string& internal_tenancy_id,
                                               const std::string& user_id) {
    std::vector<Project> projects;
    for (const auto& row : db.Query(std::string("SELECT ") + kProjectColumns +
                                        " FROM projects WHERE owner_team_id IN (SELECT team_id FROM team_members "
                                        "WHERE tenancy_id = $1 AND user_id = $2) ORDER BY created_at, id",
                                    {internal_tenancy_id, user_id})) {
        projects.push_back(ProjectFromRow(&row));
    }
    return projects;
}

void SaveProjectOverride(storage::Connection& db, const std::string& project_id, const nlohmann::json& config,
                         int64_t now_ms) {
    db.Execute("UPDATE projects SET config_override = $2, updated_at = $3 WHERE id = $1",
               {project_id, config.dump(), now_ms});
}

std::optional<Tenancy> FindTenancy(storage::Connection& db, const std::string& project_id,
                                   const std::string& branch_id) {
    auto row = db.QueryOne("SELECT id FROM tenancies WHERE project_id = $1 AND branch_id = $2", {project_id, branch_id});
    if (!row) {
        return std::nullopt;
    }
    return Tenancy{row->Text(0), project_id, branch_id};
}

Overrides LoadOverrides(storage::Connection& db, const std::string& project_id, const std::string& branch_id) {
    Overrides overrides;
    if (auto row = db.QueryOne("SELECT config_override FROM projects WHERE id = $1", {project_id})) {
        overrides.project = ParseJsonColumn(row->OptText(0));
    }
    if (auto row = db.QueryOne("SELECT config FROM branch_config_overrides WHERE project_id = $1 AND branch_id = $2",
                               {project_id, branch_id})) {
        overrides.branch = ParseJsonColumn(row->OptText(0));
    }
    if (auto row = db.QueryOne(
            "SELECT config FROM environment_config_overrides WHERE project_id = $1 AND branch_id = $2",
            {project_id, branch_id})) {
        overrides.environment = ParseJsonColumn(row->OptText(0));
    }
    return overrides;
}

void InsertProject(storage::Connection& db, const Project& project, int64_t now_ms) {
    db.Execute(
        "INSERT INTO projects (id, display_name, description, is_production_mode, owner_team_id, onboarding_status, "
        "logo_url, logo_full_url, logo_dark_mode_url, logo_full_dark_mode_url, config_override, created_at, "
        "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, '{}', $11, $11)",
        {project.id, project.display_name, project.description, int64_t{project.is_production_mode ? 1 : 0},
         OptionalText(project.owner_team_id), project.onboarding_status, OptionalText(project.logo_url),
         OptionalText(project.logo_full_url), OptionalText(project.logo_dark_mode_url),
         OptionalText(project.logo_full_dark_mode_url), now_ms});
}

Tenancy InsertTenancy(storage::Connection& db, const std::string& project_id, const std::string& branch_id,
                      int64_t now_ms) {
    Tenancy tenancy{crypto::RandomUuidV4(), project_id, branch_id};
    db.Execute("INSERT INTO tenancies (id, project_id, branch_id, created_at) VALUES ($1, $2, $3, $4)",
               {tenancy.id, project_id, branch_id, now_ms});
    return tenancy;
}

void SaveBranchOverride(storage::Connection& db, const std::string& project_id, const std::string& branch_id,
                        const nlohmann::json& config, int64_t now_ms) {
    db.Execute(
        "INSERT INTO branch_config_overrides (project_id, branch_id, config, updated_at) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (project_id, branch_id) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at",
        {project_id, branch_id, config.dump(), now_ms});
}

std::optional<nlohmann::json> LoadBranchSource(storage::Connection& db, const std::string& project_id,
                                               const std::string& branch_id) {
    auto row = db.QueryOne("SELECT source FROM branch_config_overrides WHERE project_id = $1 AND branch_id = $2",
                           {project_id, branch_id});
    if (!row || row->IsNull(0)) {
        return std::nullopt;
    }
    auto source = nlohmann::json::parse(row->Text(0), nullptr, false);
    if (source.is_discarded() || !source.is_object()) {
        return std::nullopt;
    }
    return source;
}

void SaveBranchSource(storage::Connection& db, const std::string& project_id, const std::string& branch_id,
                      const nlohmann::json& source, int64_t now_ms) {
    db.Execute(
        "INSERT INTO branch_config_overrides (project_id, branch_id, config, updated_at, source) "
        "VALUES ($1, $2, '{}', $3, $4) ON CONFLICT (project_id, branch_id) "
        "DO UPDATE SET source = excluded.source, updated_at = excluded.updated_at",
        {project_id, branch_id, now_ms, source.dump()});
}

void SaveEnvironmentOverride(storage::Connection& db, const std::string& project_id, const std::string& branch_id,
                             const nlohmann::json& config, int64_t now_ms) {
    db.Execute(
        "INSERT INTO environment_config_overrides (project_id, branch_id, config, updated_at) "
        "VALUES ($1, $2, $3, $4) ON CONFLICT (project_id, branch_id) "
        "DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at",
        {project_id, branch_id, config.dump(), now_ms});
}

void UpsertKeySet(storage::Connection& db, const std::string& project_id, const std::string& id,
                  const std::string& description, int64_t expires_at_ms, const KeySetSecrets& keys, int64_t now_ms) {
    db.Execute(
        "INSERT INTO api_key_sets (project_id, id, description, expires_at, manually_revoked_at, "
        "publishable_client_key_hash, publishable_client_key_last_four, secret_server_key_hash, "
        "secret_server_key_last_four, super_secret_admin_key_hash, super_secret_admin_key_last_four, created_at) "
        "VALUES ($1, $2, $3, $4, NULL, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (project_id, id) DO UPDATE SET "
        "description = excluded.description, expires_at = excluded.expires_at, manually_revoked_at = NULL, "
        "publishable_client_key_hash = excluded.publishable_client_key_hash, "
        "publishable_client_key_last_four = excluded.publishable_client_key_last_four, "
        "secret_server_key_hash = excluded.secret_server_key_hash, "
        "secret_server_key_last_four = excluded.secret_server_key_last_four, "
        "super_secret_admin_key_hash = excluded.super_secret_admin_key_hash, "
        "super_secret_admin_key_last_four = excluded.super_secret_admin_key_last_four",
        {project_id, id, description, expires_at_ms, KeyHash(keys.publishable_client_key),
         LastFour(keys.publishable_client_key), KeyHash(keys.secret_server_key), LastFour(keys.secret_server_key),
         KeyHash(keys.super_secret_admin_key), LastFour(keys.super_secret_admin_key), now_ms});
}

bool IsValidKey(storage::Connection& db, const std::string& project_id, KeyKind kind, const std::string& key,
                int64_t now_ms) {
    const char* sql = nullptr;
    switch (kind) {
        case KeyKind::kPublishableClient:
            sql = "SELECT publishable_client_key_hash FROM api_key_sets WHERE project_id = $1 AND "
                  "publishable_client_key_hash = $2 AND manually_revoked_at IS NULL AND expires_at > $3";
            break;
        case KeyKind::kSecretServer:
            sql = "SELECT secret_server_key_hash FROM api_key_sets WHERE project_id = $1 AND "
                  "secret_server_key_hash = $2 AND manually_revoked_at IS NULL AND expires_at > $3";
            break;
        case KeyKind::kSuperSecretAdmin:
            sql = "SELECT super_secret_admin_key_hash FROM api_key_sets WHERE project_id = $1 AND "
                  "super_secret_admin_key_hash = $2 AND manually_revoked_at IS NULL AND expires_at > $3";
            break;
    }
    const std::string hash = crypto::Sha256Hex(key);
    auto row = db.QueryOne(sql, {project_id, hash, now_ms});
    // The lookup is by hash; the final comparison is constant-time all the same, so no
    // code path ever compares secret material with an early-exit memcmp.
    return row && crypto::ConstantTimeEquals(row->Text(0), hash);
}

}  // namespace stackd::domain::project_repository
