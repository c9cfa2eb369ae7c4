#include "api/v1/project_permission_definitions.hpp"

#include "api/v1/permission_definition_routes.hpp"

namespace stackd::api::v1 {

// Project definitions may only contain other project definitions (no `$` ids).
void RegisterProjectPermissionDefinitions(Dispatcher& dispatcher, domain::PermissionService& permissions) {
    RegisterPermissionDefinitionRoutes(dispatcher, permissions, domain::permissions::Scope::kProject,
                                       "/api/v1/project-permission-definitions");
}

}  // namespace stackd::api::v1
