#pragma once

#include "api/dispatcher.hpp"
#include "domain/permission_service.hpp"

namespace stackd::api::v1 {

// /project-permission-definitions, /project-permission-definitions/{permission_id} (admin only).
void RegisterProjectPermissionDefinitions(Dispatcher& dispatcher, domain::PermissionService& permissions);

}  // namespace stackd::api::v1
