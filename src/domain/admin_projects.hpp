#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/project.hpp"
#include "domain/projects.hpp"
#include "storage/store.hpp"
#include "util/clock.hpp"

namespace stackd::domain {

// A project create or update from the admin API; absent fields are left alone.
struct ProjectInput {
    std::optional<std::string> display_name;
    std::optional<std::string> description;  // null was already mapped to ""
    std::optional<std::optional<std::string>> logo_url;
    std::optional<std::optional<std::string>> logo_full_url;
    std::optional<std::optional<std::string>> logo_dark_mode_url;
    std::optional<std::optional<std::string>> logo_full_dark_mode_url;
    std::optional<bool> is_production_mode;
    std::optional<std::string> onboarding_status;
    // The validated legacy `config` object (platform.md §1.5); empty object when absent.
    nlohmann::json legacy_config = nlohmann::json::object();
};

// A project with its admin read: the project row and its rendered config.
struct AdminProject {
    Project project;
    nlohmann::json rendered_config;
};

// Projects as the dashboard manages them (platform.md §1.2, §1.7): owned by teams of the
// internal project, created and updated through upstream's legacy-config path. Every write
// invalidates the project's cached config so the project obeys at once.
class AdminProjectService {
public:
    AdminProjectService(storage::Store& store, const util::Clock& clock, ProjectService& projects)
        : store_(store), clock_(clock), projects_(projects) {}

    // Projects owned by the teams `user_id` belongs to in the internal tenancy.
    std::vector<AdminProject> ListManaged(const std::string& internal_tenancy_id, const std::string& user_id);
    // The caller must be a member of `owner_team_id` in the internal tenancy
    // (TEAM_MEMBERSHIP_NOT_FOUND otherwise).
    AdminProject Create(const std::string& internal_tenancy_id, const std::string& user_id,
                        const std::string& owner_team_id, const ProjectInput& input);
    // The legacy config lands in the environment override of (project, branch).
    AdminProject Update(const std::string& project_id, const std::string& branch_id, const ProjectInput& input);
    void Delete(const std::string& project_id);
    AdminProject Get(const std::string& project_id, const std::string& branch_id);

    // Moves `project_id` to `new_team_id`: the caller needs (recursive) team_admin in the
    // current owner team and membership in the new one, both in the internal tenancy.
    void Transfer(const TenancyView& internal, const std::string& user_id, const std::string& project_id,
                  const std::string& new_team_id);

private:
    storage::Store& store_;
    const util::Clock& clock_;
    ProjectService& projects_;
};

}  // namespace stackd::domain
