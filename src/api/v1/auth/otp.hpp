#pragma once

#include <string>

#include "api/dispatcher.hpp"
#include "domain/otp_auth.hpp"

namespace stackd::api::v1::auth {

// /auth/otp/{send-sign-in-code, sign-in, sign-in/check-code}.
void RegisterOtp(Dispatcher& dispatcher, domain::OtpAuth& otp_auth, const std::string& trusted_proxy);

}  // namespace stackd::api::v1::auth
