#pragma once

#include "api/dispatcher.hpp"
#include "domain/permission_service.hpp"

namespace stackd::api::v1 {

// /project-permissions, /project-permissions/{user_id}/{permission_id}.
void RegisterProjectPermissions(Dispatcher& dispatcher, domain::PermissionService& permissions);

}  // namespace stackd::api::v1
