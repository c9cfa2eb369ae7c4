#pragma once

#include "api/dispatcher.hpp"
#include "domain/team_invitations.hpp"

namespace stackd::api::v1 {

// /team-invitations: send-code, accept (+ check-code, details), list, revoke, accept by id
// (resources.md §12).
void RegisterTeamInvitations(Dispatcher& dispatcher, domain::TeamInvitations& invitations);

}  // namespace stackd::api::v1
