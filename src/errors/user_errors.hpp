#pragma once

#include <string>

#include "errors/known_error.hpp"

namespace stackd::errors {

// USER_EMAIL_ALREADY_EXISTS as upstream builds it: when the address belongs to a user but is
// unverified (so signing in by it would work once verified), the message says so.
KnownError UserEmailAlreadyExists(const std::string& email, bool would_work_if_email_was_verified);

}  // namespace stackd::errors
