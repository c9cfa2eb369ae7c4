#pragma once

#include "api/dispatcher.hpp"
#include "domain/password_auth.hpp"

namespace stackd::api::v1::auth {

// /auth/password/{sign-up, sign-in, update, set}.
void RegisterPassword(Dispatcher& dispatcher, domain::PasswordAuth& password_auth, const std::string& trusted_proxy);

}  // namespace stackd::api::v1::auth
