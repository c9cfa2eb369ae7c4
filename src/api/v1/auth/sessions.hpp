#pragma once

#include "api/dispatcher.hpp"
#include "domain/sessions.hpp"
#include "domain/users.hpp"

namespace stackd::api::v1::auth {

// /auth/sessions, /auth/sessions/{id}, /auth/sessions/current, .../current/refresh.
void RegisterSessions(Dispatcher& dispatcher, domain::SessionService& sessions, domain::UserService& users,
                      const util::Clock& clock, const std::string& trusted_proxy);

}  // namespace stackd::api::v1::auth
