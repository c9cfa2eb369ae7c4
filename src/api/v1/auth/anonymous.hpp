#pragma once

#include "api/dispatcher.hpp"
#include "domain/sessions.hpp"
#include "domain/users.hpp"

namespace stackd::api::v1::auth {

// POST /auth/anonymous/sign-up: a new anonymous user and its first session.
void RegisterAnonymous(Dispatcher& dispatcher, storage::Store& store, domain::UserService& users,
                       domain::SessionService& sessions, const std::string& trusted_proxy);

}  // namespace stackd::api::v1::auth
