#pragma once

#include "api/dispatcher.hpp"
#include "domain/permission_service.hpp"

namespace stackd::api::v1 {

// /team-permissions, /team-permissions/{team_id}/{user_id}/{permission_id}.
void RegisterTeamPermissions(Dispatcher& dispatcher, domain::PermissionService& permissions);

}  // namespace stackd::api::v1
