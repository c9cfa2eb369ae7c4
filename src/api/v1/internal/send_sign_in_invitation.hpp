#pragma once

#include "api/dispatcher.hpp"
#include "domain/sign_in_invitations.hpp"

namespace stackd::api::v1::internal {

// POST /internal/send-sign-in-invitation (platform.md §2.8, "Other internal email endpoints").
void RegisterSendSignInInvitation(Dispatcher& dispatcher, const domain::SignInInvitations& invitations);

}  // namespace stackd::api::v1::internal
