#pragma once

#include "api/dispatcher.hpp"
#include "domain/team_members.hpp"

namespace stackd::api::v1 {

// /team-member-profiles, /team-member-profiles/{team_id}/{user_id}.
void RegisterTeamMemberProfiles(Dispatcher& dispatcher, domain::TeamMemberService& members);

}  // namespace stackd::api::v1
