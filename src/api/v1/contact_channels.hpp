#pragma once

#include "api/dispatcher.hpp"
#include "domain/email_verification.hpp"

namespace stackd::api::v1 {

// /contact-channels/verify and /contact-channels/verify/check-code. (The channel CRUD and
// send-verification-code routes are not implemented yet.)
void RegisterContactChannels(Dispatcher& dispatcher, domain::EmailVerification& verification);

}  // namespace stackd::api::v1
