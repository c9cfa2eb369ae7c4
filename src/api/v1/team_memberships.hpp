#pragma once

#include "api/dispatcher.hpp"
#include "domain/team_members.hpp"

namespace stackd::api::v1 {

// /team-memberships/{team_id}/{user_id}.
void RegisterTeamMemberships(Dispatcher& dispatcher, domain::TeamMemberService& members);

}  // namespace stackd::api::v1
