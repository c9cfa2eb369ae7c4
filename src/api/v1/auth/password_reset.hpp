#pragma once

#include "api/dispatcher.hpp"
#include "domain/password_reset.hpp"

namespace stackd::api::v1::auth {

// /auth/password/{send-reset-code, reset, reset/check-code}.
void RegisterPasswordReset(Dispatcher& dispatcher, domain::PasswordReset& password_reset);

}  // namespace stackd::api::v1::auth
