#pragma once

#include "api/route.hpp"
#include "domain/users.hpp"

namespace stackd::api::v1::schema {

enum class UserInputKind { kServerCreate, kServerUpdate, kClientUpdate };

// Validates a user create/update body for the caller's view (fields a client may not
// send are unknown properties for it) and returns the fields that were sent.
domain::UserInput ReadUserInput(const RouteContext& context, UserInputKind kind);

}  // namespace stackd::api::v1::schema
