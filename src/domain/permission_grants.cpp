#include "domain/permission_grants.hpp"

#include <algorithm>
#include <map>

#include "domain/user_repository.hpp"
#include "errors/known_error.hpp"

namespace stackd::domain::permission_grants {
namespace {

using errors::ErrorCode;
using errors::KnownError;
using nlohmann::json;
using permissions::Scope;

// The ids of a default-permission set that still name a permission of `scope`.
std::vector<std::string> DefaultSet(const TenancyView& tenancy, const char* set, Scope scope) {
    std::vector<std::string> ids;
    const auto pointer = json::json_pointer("/rbac/defaultPermissions") / set;
    if (!tenancy.config.contains(pointer) || !tenancy.config[pointer].is_object()) {
        return ids;
    }
    for (const auto& [id, flag] : tenancy.config[pointer].items()) {
        const auto found = permissions::DefinitionScope(tenancy.config, id);
        const bool known = found ? *found == permissions::ScopeName(scope)
                                 : scope == Scope::kTeam && permissions::IsSystemPermission(id);
        if (known) {
            ids.push_back(id);
        }
    }
    return ids;
}

void CheckScope(const TenancyView& tenancy, const std::string& permission_id, Scope scope) {
    const auto found = permissions::DefinitionScope(tenancy.config, permission_id);
    if (!found) {
        if (scope == Scope::kTeam && permissions::IsSystemPermission(permission_id)) {
            return;
        }
        throw KnownError::Formatted(ErrorCode::kPermissionNotFound, {{"permission_id", permission_id}}, permission_id);
    }
    const std::string expected = permissions::ScopeName(scope);
    if (*found != expected) {
        const json actual = found->empty() ? json(nullptr) : json(*found);
        throw KnownError::Formatted(
            ErrorCode::kWrongPermissionScope,
            {{"permission_id", permission_id}, {"expected_scope", expected}, {"actual_scope", actual}},
            json(permission_id).dump(), actual.dump(), json(expected).dump());
    }
}

}  // namespace

void EnsureUserExists(storage::Connection& db, const std::string& tenancy_id, const std::string& user_id) {
    if (!db.QueryOne("SELECT 1 FROM users WHERE tenancy_id = $1 AND id = $2", {tenancy_id, user_id})) {
        throw KnownError(ErrorCode::kUserNotFound);
    }
}

void EnsureTeamExists(storage::Connection& db, const std::string& tenancy_id, const std::string& team_id) {
    if (!db.QueryOne("SELECT 1 FROM teams WHERE tenancy_id = $1 AND id = $2", {tenancy_id, team_id})) {
        throw KnownError::Formatted(ErrorCode::kTeamNotFound, {{"team_id", team_id}}, team_id);
    }
}

void EnsureMembership(storage::Connection& db, const std::string& tenancy_id, const std::string& team_id,
                      const std::string& user_id) {
    EnsureUserExists(db, tenancy_id, user_id);
    if (!team_repository::FindMember(db, tenancy_id, team_id, user_id)) {
        throw KnownError::Formatted(ErrorCode::kTeamMembershipNotFound, {{"team_id", team_id}, {"user_id", user_id}},
                                    user_id, team_id);
    }
}

std::vector<team_repository::Grant> List(storage::Connection& db, const TenancyView& tenancy, Scope scope,
                                         const ListFilter& filter) {
    const std::string& tenancy_id = tenancy.tenancy->id;
    const auto definitions = permissions::ListDefinitions(tenancy.config, scope);
    const auto direct = scope == Scope::kTeam
                            ? team_repository::ListTeamGrants(db, tenancy_id, filter.team_id, filter.user_id)
                            : team_repository::ListProjectGrants(db, tenancy_id, filter.user_id);
    // Expansion runs per (user, team) pair: containment never crosses teams.
    std::map<std::pair<std::string, std::string>, std::vector<std::string>> grouped;
    for (const auto& grant : direct) {
        grouped[{grant.user_id, grant.team_id}].push_back(grant.permission_id);
    }
    std::vector<team_repository::Grant> result;
    for (const auto& [key, ids] : grouped) {
        for (auto& id : permissions::Expand(ids, definitions, filter.recursive)) {
            if (!filter.permission_id || *filter.permission_id == id) {
                result.push_back({key.second, key.first, id});
            }
        }
    }
    std::sort(result.begin(), result.end(), [](const auto& a, const auto& b) {
        if (int c = permissions::StringCompare(a.team_id, b.team_id)) {
            return c < 0;
        }
        if (int c = permissions::StringCompare(a.user_id, b.user_id)) {
            return c < 0;
        }
        return permissions::StringLess(a.permission_id, b.permission_id);
    });
    return result;
}

void EnsureTeamPermission(storage::Connection& db, const TenancyView& tenancy, const std::string& team_id,
                          const std::string& user_id, const std::string& permission_id, bool required,
                          bool recursive) {
    EnsureMembership(db, tenancy.tenancy->id, team_id, user_id);
    if (!List(db, tenancy, Scope::kTeam, {team_id, user_id, permission_id, recursive}).empty()) {
        return;
    }
    throw KnownError::Formatted(required ? ErrorCode::kTeamPermissionRequired : ErrorCode::kTeamPermissionNotFound,
                                {{"team_id", team_id}, {"user_id", user_id}, {"permission_id", permission_id}},
                                user_id, permission_id, team_id);
}

void GrantTeam(storage::Connection& db, const TenancyView& tenancy, const std::string& team_id,
               const std::string& user_id, const std::string& permission_id, int64_t now_ms) {
    CheckScope(tenancy, permission_id, Scope::kTeam);
    team_repository::GrantTeamPermission(db, tenancy.tenancy->id, team_id, user_id, permission_id, now_ms);
}

void GrantProject(storage::Connection& db, const TenancyView& tenancy, const std::string& user_id,
                  const std::string& permission_id, int64_t now_ms) {
    // System ids are team permissions only: for projects they are simply not found.
    if (permissions::IsSystemPermission(permission_id)) {
        throw KnownError::Formatted(ErrorCode::kPermissionNotFound, {{"permission_id", permission_id}}, permission_id);
    }
    CheckScope(tenancy, permission_id, Scope::kProject);
    team_repository::GrantProjectPermission(db, tenancy.tenancy->id, user_id, permission_id, now_ms);
}

std::vector<std::string> GrantDefaultTeamPermissions(storage::Connection& db, const TenancyView& tenancy,
                                                     const std::string& team_id, const std::string& user_id,
                                                     bool creator, int64_t now_ms) {
    auto ids = DefaultSet(tenancy, creator ? "teamCreator" : "teamMember", Scope::kTeam);
    for (const auto& id : ids) {
        team_repository::GrantTeamPermission(db, tenancy.tenancy->id, team_id, user_id, id, now_ms);
    }
    return ids;
}

std::vector<std::string> GrantSignUpPermissions(storage::Connection& db, const TenancyView& tenancy,
                                                const std::string& user_id, int64_t now_ms) {
    auto ids = DefaultSet(tenancy, "signUp", Scope::kProject);
    for (const auto& id : ids) {
        team_repository::GrantProjectPermission(db, tenancy.tenancy->id, user_id, id, now_ms);
    }
    return ids;
}

}  // namespace stackd::domain::permission_grants
