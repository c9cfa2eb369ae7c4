#pragma once

#include "api/dispatcher.hpp"
#include "domain/permission_service.hpp"

namespace stackd::api::v1 {

// /team-permission-definitions, /team-permission-definitions/{permission_id} (admin only).
void RegisterTeamPermissionDefinitions(Dispatcher& dispatcher, domain::PermissionService& permissions);

}  // namespace stackd::api::v1
