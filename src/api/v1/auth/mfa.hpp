#pragma once

#include <string>

#include "api/dispatcher.hpp"
#include "domain/mfa_auth.hpp"

namespace stackd::api::v1::auth {

// /auth/mfa/sign-in (auth.md §3.5). Upstream has no check-code route for it.
void RegisterMfa(Dispatcher& dispatcher, const domain::MfaAuth& mfa_auth, const std::string& trusted_proxy);

}  // namespace stackd::api::v1::auth
