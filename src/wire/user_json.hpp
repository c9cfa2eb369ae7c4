#pragma once

#include <nlohmann/json.hpp>

#include "domain/project.hpp"
#include "domain/user.hpp"

namespace stackd::wire {

// The user read object (resources.md §2), shared by API responses and webhook payloads
// (upstream's user.* events carry the server view). The client view (users/me with client
// access) drops the server-only fields.
nlohmann::json UserToJson(const domain::User& user, domain::AccessType access, bool require_email_verification);

}  // namespace stackd::wire
