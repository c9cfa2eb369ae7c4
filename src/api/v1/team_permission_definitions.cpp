#include "api/v1/team_permission_definitions.hpp"

#include "api/v1/permission_definition_routes.hpp"

namespace stackd::api::v1 {

// Team definitions also list the six built-in `$` permissions, which cannot be changed.
void RegisterTeamPermissionDefinitions(Dispatcher& dispatcher, domain::PermissionService& permissions) {
    RegisterPermissionDefinitionRoutes(dispatcher, permissions, domain::permissions::Scope::kTeam,
                                       "/api/v1/team-permission-definitions");
}

}  // namespace stackd::api::v1
