#pragma once

#include "api/dispatcher.hpp"
#include "domain/users.hpp"

namespace stackd::api::v1 {

// /users, /users/{user_id}, /users/me.
void RegisterUsers(Dispatcher& dispatcher, domain::UserService& users);

}  // namespace stackd::api::v1
