#pragma once

#include "api/dispatcher.hpp"
#include "domain/teams.hpp"

namespace stackd::api::v1 {

// /teams, /teams/{team_id}.
void RegisterTeams(Dispatcher& dispatcher, domain::TeamService& teams);

}  // namespace stackd::api::v1
