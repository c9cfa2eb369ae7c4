#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/permission_grants.hpp"
#include "domain/permissions.hpp"
#include "domain/projects.hpp"
#include "domain/team.hpp"
#include "storage/store.hpp"
#include "util/clock.hpp"

namespace stackd::domain {

// Team and project permission grants (resources.md §7, §9) and the definitions in the
// environment config (§8, §10). Definition writes invalidate the project's config cache.
class PermissionService {
public:
    PermissionService(storage::Store& store, const util::Clock& clock, ProjectService& projects)
        : store_(store), clock_(clock), projects_(projects) {}

    // Clients may only list their own grants (403 text otherwise).
    std::vector<team_repository::Grant> List(const TenancyView& tenancy, const Caller& caller,
                                             permissions::Scope scope, const permission_grants::ListFilter& filter);

    void GrantTeam(const TenancyView& tenancy, const std::string& team_id, const std::string& user_id,
                   const std::string& permission_id);
    void RevokeTeam(const TenancyView& tenancy, const std::string& team_id, const std::string& user_id,
                    const std::string& permission_id);
    void GrantProject(const TenancyView& tenancy, const std::string& user_id, const std::string& permission_id);
    void RevokeProject(const TenancyView& tenancy, const std::string& user_id, const std::string& permission_id);

    permissions::Definition CreateDefinition(const TenancyView& tenancy, permissions::Scope scope,
                                             const permissions::DefinitionInput& input);
    permissions::Definition UpdateDefinition(const TenancyView& tenancy, permissions::Scope scope,
                                             const std::string& old_id, const permissions::DefinitionInput& input);
    void DeleteDefinition(const TenancyView& tenancy, permissions::Scope scope, const std::string& id);

private:
    // Runs `change` on the stored rbac.permissions inside one transaction with the grant
    // updates, saves it as the environment override, then drops the cached config.
    void WriteDefinitions(const TenancyView& tenancy,
                          const std::function<nlohmann::json(storage::Connection&, const nlohmann::json&)>& change);

    storage::Store& store_;
    const util::Clock& clock_;
    ProjectService& projects_;
};

}  // namespace stackd::domain
