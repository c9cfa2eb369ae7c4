#pragma once

#include <nlohmann/json.hpp>

#include "domain/project.hpp"
#include "domain/user.hpp"

namespace stackd::api::v1::schema {

// One serializer for both views of a user: the client shape (users/me with client
// access) drops the server-only fields.
nlohmann::json UserToJson(const domain::User& user, domain::AccessType access, bool require_email_verification);

}  // namespace stackd::api::v1::schema
