#pragma once

#include "api/dispatcher.hpp"
#include "domain/contact_channels.hpp"
#include "domain/email_verification.hpp"

namespace stackd::api::v1 {

// /contact-channels: the CRUD, per-channel and legacy send-verification-code, verify and
// verify/check-code (resources.md §14).
void RegisterContactChannels(Dispatcher& dispatcher, domain::EmailVerification& verification,
                             domain::ContactChannels& channels);

}  // namespace stackd::api::v1
