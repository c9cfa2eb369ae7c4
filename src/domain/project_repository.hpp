#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/project.hpp"
#include "storage/store.hpp"

namespace stackd::domain::project_repository {

// SQL for projects, tenancies, config overrides and project API key sets. Shared by
// both backends; every function runs on the connection (and transaction) it is given.

std::optional<Project> FindProject(storage::Connection& db, const std::string& project_id);
std::optional<Tenancy> FindTenancy(storage::Connection& db, const std::string& project_id,
                                   const std::string& branch_id);

struct Overrides {
    nlohmann::json project = nlohmann::json::object();
    nlohmann::json branch = nlohmann::json::object();
    nlohmann::json environment = nlohmann::json::object();
};
Overrides LoadOverrides(storage::Connection& db, const std::string& project_id, const std::string& branch_id);

void InsertProject(storage::Connection& db, const Project& project, int64_t now_ms);
// Writes every column of `project` but id and created_at; false when there is no such project.
bool UpdateProject(storage::Connection& db, const Project& project, int64_t now_ms);
// Deletes the project; tenancies, overrides, key sets and tenancy rows go with it (cascade).
bool DeleteProject(storage::Connection& db, const std::string& project_id);
// Projects whose owner team (in `internal_tenancy_id`) has `user_id` as a member, oldest first.
std::vector<Project> ListProjectsOwnedByMember(storage::Connection& db, const std::string& internal_tenancy_id,
                                               const std::string& user_id);
void SaveProjectOverride(storage::Connection& db, const std::string& project_id, const nlohmann::json& config,
                         int64_t now_ms);
Tenancy InsertTenancy(storage::Connection& db, const std::string& project_id, const std::string& branch_id,
                      int64_t now_ms);
void SaveBranchOverride(storage::Connection& db, const std::string& project_id, const std::string& branch_id,
                        const nlohmann::json& config, int64_t now_ms);
// The branch config's source (JSON), nullopt when none was stored; Save upserts the row.
std::optional<nlohmann::json> LoadBranchSource(storage::Connection& db, const std::string& project_id,
                                               const std::string& branch_id);
void SaveBranchSource(storage::Connection& db, const std::string& project_id, const std::string& branch_id,
                      const nlohmann::json& source, int64_t now_ms);
void SaveEnvironmentOverride(storage::Connection& db, const std::string& project_id, const std::string& branch_id,
                             const nlohmann::json& config, int64_t now_ms);

struct KeySetSecrets {
    std::optional<std::string> publishable_client_key;
    std::optional<std::string> secret_server_key;
    std::optional<std::string> super_secret_admin_key;
};
// Inserts or replaces key set `id` of the project; only the keys' SHA-256 and last four
// characters are stored.
void UpsertKeySet(storage::Connection& db, const std::string& project_id, const std::string& id,
                  const std::string& description, int64_t expires_at_ms, const KeySetSecrets& keys, int64_t now_ms);

// True iff an unrevoked, unexpired key set of the project holds `key` in the column of `kind`.
bool IsValidKey(storage::Connection& db, const std::string& project_id, KeyKind kind, const std::string& key,
                int64_t now_ms);

}  // namespace stackd::domain::project_repository
