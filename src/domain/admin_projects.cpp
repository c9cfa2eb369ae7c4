#include "domain/admin_projects.hpp"

#include "crypto/random.hpp"
#include "domain/legacy_config.hpp"
#include "domain/permission_grants.hpp"
#include "domain/project_config.hpp"
#include "domain/project_repository.hpp"
#include "errors/known_error.hpp"

namespace stackd::domain {
namespace {

using errors::ErrorCode;
using errors::KnownError;

void ApplyInput(Project& project, const ProjectInput& input) {
    if (input.display_name) {
        project.display_name = *input.display_name;
    }
    if (input.description) {
        project.description = *input.description;
    }
    if (input.logo_url) {
        project.logo_url = *input.logo_url;
    }
    if (input.logo_full_url) {
        project.logo_full_url = *input.logo_full_url;
    }
    if (input.logo_dark_mode_url) {
        project.logo_dark_mode_url = *input.logo_dark_mode_url;
    }
    if (input.logo_full_dark_mode_url) {
        project.logo_full_dark_mode_url = *input.logo_full_dark_mode_url;
    }
    if (input.is_production_mode) {
        project.is_production_mode = *input.is_production_mode;
    }
    if (input.onboarding_status) {
        project.onboarding_status = *input.onboarding_status;
    }
}

AdminProject LoadAdminProject(storage::Connection& db, const std::string& project_id, const std::string& branch_id) {
    auto project = project_repository::FindProject(db, project_id);
    if (!project) {
        throw KnownError::Formatted(ErrorCode::kProjectNotFound, {{"project_id", project_id}}, project_id);
    }
    const auto overrides = project_repository::LoadOverrides(db, project_id, branch_id);
    return {std::move(*project),
            project_config::Render(overrides.project, overrides.branch, overrides.environment)};
}

}  // namespace

std::vector<AdminProject> AdminProjectService::ListManaged(const std::string& internal_tenancy_id,
                                                           const std::string& user_id) {
    return store_.ReadValue([&](storage::Connection& db) {
        std::vector<AdminProject> out;
        for (auto& project : project_repository::ListProjectsOwnedByMember(db, internal_tenancy_id, user_id)) {
            const auto overrides = project_repository::LoadOverrides(db, project.id, kDefaultBranchId);
            out.push_back({std::move(project),
                           project_config::Render(overrides.project, overrides.branch, overrides.environment)});
        }
        return out;
    });
}

AdminProject AdminProjectService::Create(const std::string& internal_tenancy_id, const std::string& user_id,
                                         const std::string& owner_team_id, const ProjectInput& input) {
    const std::string project_id = crypto::RandomUuidV4();
    const nlohmann::json update = legacy_config::ToEnvironmentOverride(input.legacy_config, true);
    auto created = store_.WriteValue([&](storage::Connection& db) {
        permission_grants::EnsureMembership(db, internal_tenancy_id, owner_team_id, user_id);
        const int64_t now = clock_.NowMillis();
        Project project;
        project.id = project_id;
        project.owner_team_id = owner_team_id;
        ApplyInput(project, input);
        project_repository::InsertProject(db, project, now);
        project_repository::InsertTenancy(db, project_id, kDefaultBranchId, now);
        project_repository::SaveEnvironmentOverride(
            db, project_id, kDefaultBranchId, project_config::ApplyOverride(nlohmann::json::object(), update), now);
        return LoadAdminProject(db, project_id, kDefaultBranchId);
    });
    projects_.Invalidate(project_id);
    return created;
}

AdminProject AdminProjectService::Update(const std::string& project_id, const std::string& branch_id,
                                         const ProjectInput& input) {
    const nlohmann::json update = legacy_config::ToEnvironmentOverride(input.legacy_config, false);
    auto updated = store_.WriteValue([&](storage::Connection& db) {
        auto project = project_repository::FindProject(db, project_id);
        if (!project) {
            throw KnownError::Formatted(ErrorCode::kProjectNotFound, {{"project_id", project_id}}, project_id);
        }
        const int64_t now = clock_.NowMillis();
        ApplyInput(*project, input);
        project_repository::UpdateProject(db, *project, now);
        if (!update.empty()) {
            const auto overrides = project_repository::LoadOverrides(db, project_id, branch_id);
            project_repository::SaveEnvironmentOverride(
                db, project_id, branch_id, project_config::ApplyOverride(overrides.environment, update), now);
        }
        return LoadAdminProject(db, project_id, branch_id);
    });
    projects_.Invalidate(project_id);
    return updated;
}

void AdminProjectService::Delete(const std::string& project_id) {
    store_.Write([&](storage::Connection& db) { project_repository::DeleteProject(db, project_id); });
    projects_.Invalidate(project_id);
}

AdminProject AdminProjectService::Get(const std::string& project_id, const std::string& branch_id) {
    return store_.ReadValue([&](storage::Connection& db) { return LoadAdminProject(db, project_id, branch_id); });
}

void AdminProjectService::Transfer(const TenancyView& internal, const std::string& user_id,
                                   const std::string& project_id, const std::string& new_team_id) {
    store_.Write([&](storage::Connection& db) {
        auto project = project_repository::FindProject(db, project_id);
        if (!project) {
            throw KnownError::Formatted(ErrorCode::kProjectNotFound, {{"project_id", project_id}}, project_id);
        }
        if (!project->owner_team_id) {
            throw errors::StatusError(400, "Project must have an owner team to be transferred");
        }
        const std::string& tenancy_id = internal.tenancy->id;
        permission_grants::EnsureTeamPermission(db, internal, *project->owner_team_id, user_id, "team_admin",
                                                /*required=*/true, /*recursive=*/true);
        permission_grants::EnsureMembership(db, tenancy_id, new_team_id, user_id);
        project->owner_team_id = new_team_id;
        project_repository::UpdateProject(db, *project, clock_.NowMillis());
    });
    projects_.Invalidate(project_id);
}

}  // namespace stackd::domain
