#pragma once

#include "api/dispatcher.hpp"
#include "domain/projects.hpp"
#include "domain/sessions.hpp"

namespace stackd::api::v1::auth {

// POST /auth/oauth/token: the refresh_token grant the SDK refreshes with. The
// authorization_code grant answers INVALID_AUTHORIZATION_CODE until the OAuth flows exist
// (no code can have been issued).
void RegisterOAuthToken(Dispatcher& dispatcher, domain::ProjectService& projects, domain::SessionService& sessions,
                        const std::string& trusted_proxy);

}  // namespace stackd::api::v1::auth
