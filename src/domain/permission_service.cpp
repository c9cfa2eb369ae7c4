#include "domain/permission_service.hpp"

#include "domain/project_config.hpp"
#include "domain/project_repository.hpp"
#include "domain/team_repository.hpp"
#include "domain/webhook_events.hpp"
#include "errors/known_error.hpp"

namespace stackd::domain {
namespace {

using errors::ErrorCode;
using errors::KnownError;
using errors::StatusError;
using nlohmann::json;
using permissions::Scope;

}  // namespace

std::vector<team_repository::Grant> PermissionService::List(const TenancyView& tenancy, const Caller& caller,
                                                            Scope scope, const permission_grants::ListFilter& filter) {
    if (caller.IsClient()) {
        if (!caller.user_id) {
            throw KnownError(ErrorCode::kCannotGetOwnUserWithoutUser);
        }
        if (filter.user_id != caller.user_id) {
            throw StatusError(403,
                              "Client can only list permissions for their own user. user_id must be either \"me\" or "
                              "the ID of the current user");
        }
    }
    return store_.ReadValue(
        [&](storage::Connection& db) { return permission_grants::List(db, tenancy, scope, filter); });
}

void PermissionService::GrantTeam(const TenancyView& tenancy, const std::string& team_id, const std::string& user_id,
                                  const std::string& permission_id) {
    store_.Write([&](storage::Connection& db) {
        permission_grants::EnsureMembership(db, tenancy.tenancy->id, team_id, user_id);
        const int64_t now = clock_.NowMillis();
        permission_grants::GrantTeam(db, tenancy, team_id, user_id, permission_id, now);
        webhook_events::TeamPermissionCreated(db, tenancy, team_id, user_id, permission_id, now);
    });
}

void PermissionService::RevokeTeam(const TenancyView& tenancy, const std::string& team_id, const std::string& user_id,
                                   const std::string& permission_id) {
    store_.Write([&](storage::Connection& db) {
        // Only a direct grant can be revoked: an inherited one is "not found".
        permission_grants::EnsureTeamPermission(db, tenancy, team_id, user_id, permission_id, false, false);
        team_repository::RevokeTeamPermission(db, tenancy.tenancy->id, team_id, user_id, permission_id);
        webhook_events::TeamPermissionDeleted(db, tenancy, team_id, user_id, permission_id, clock_.NowMillis());
    });
}

void PermissionService::GrantProject(const TenancyView& tenancy, const std::string& user_id,
                                     const std::string& permission_id) {
    store_.Write([&](storage::Connection& db) {
        permission_grants::EnsureUserExists(db, tenancy.tenancy->id, user_id);
        const int64_t now = clock_.NowMillis();
        permission_grants::GrantProject(db, tenancy, user_id, permission_id, now);
        webhook_events::ProjectPermissionCreated(db, tenancy, user_id, permission_id, now);
    });
}

void PermissionService::RevokeProject(const TenancyView& tenancy, const std::string& user_id,
                                      const std::string& permission_id) {
    store_.Write([&](storage::Connection& db) {
        permission_grants::EnsureUserExists(db, tenancy.tenancy->id, user_id);
        if (permission_grants::List(db, tenancy, Scope::kProject, {std::nullopt, user_id, permission_id, false})
                .empty()) {
            throw KnownError::Formatted(ErrorCode::kPermissionNotFound, {{"permission_id", permission_id}},
                                        permission_id);
        }
        team_repository::RevokeProjectPermission(db, tenancy.tenancy->id, user_id, permission_id);
        webhook_events::ProjectPermissionDeleted(db, tenancy, user_id, permission_id, clock_.NowMillis());
    });
}

void PermissionService::WriteDefinitions(
    const TenancyView& tenancy, const std::function<json(storage::Connection&, const json&)>& change) {
    const auto& project_id = tenancy.project.id;
    const auto& branch_id = tenancy.tenancy->branch_id;
    store_.Write([&](storage::Connection& db) {
        // Re-render from the stored overrides inside the transaction: the cached view may
        // be up to a second old, and two definition writes must not lose each other.
        auto overrides = project_repository::LoadOverrides(db, project_id, branch_id);
        const json rendered = project_config::Render(overrides.project, overrides.branch, overrides.environment);
        const json permissions = rendered["rbac"].value("permissions", json::object());
        const json updated = change(db, permissions);
        const json environment =
            project_config::ApplyOverride(overrides.environment, {{"rbac.permissions", updated}});
        project_repository::SaveEnvironmentOverride(db, project_id, branch_id, environment, clock_.NowMillis());
    });
    projects_.Invalidate(project_id);
}

permissions::Definition PermissionService::CreateDefinition(const TenancyView& tenancy, Scope scope,
                                                            const permissions::DefinitionInput& input) {
    WriteDefinitions(tenancy, [&](storage::Connection&, const json& current) {
        return permissions::WithCreated(current, scope, input);
    });
    return permissions::Describe(input);
}

permissions::Definition PermissionService::UpdateDefinition(const TenancyView& tenancy, Scope scope,
                                                            const std::string& old_id,
                                                            const permissions::DefinitionInput& input) {
    WriteDefinitions(tenancy, [&](storage::Connection& db, const json& current) {
        json updated = permissions::WithUpdated(current, scope, old_id, input);
        if (input.id != old_id) {
            team_repository::RenameGrants(db, tenancy.tenancy->id, old_id, input.id);
        }
        return updated;
    });
    return permissions::Describe(input);
}

void PermissionService::DeleteDefinition(const TenancyView& tenancy, Scope scope, const std::string& id) {
    WriteDefinitions(tenancy, [&](storage::Connection& db, const json& current) {
        json updated = permissions::WithDeleted(current, scope, id);
        team_repository::DeleteGrants(db, tenancy.tenancy->id, scope == Scope::kTeam, id);
        return updated;
    });
}

}  // namespace stackd::domain
