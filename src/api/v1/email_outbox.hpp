#pragma once

#include "api/dispatcher.hpp"
#include "domain/email_outbox_service.hpp"

namespace stackd::api::v1 {

// /emails/outbox and /emails/outbox/{id}: list, read and edit queued emails (platform.md §2.8).
void RegisterEmailOutbox(Dispatcher& dispatcher, const domain::EmailOutboxService& outbox);

}  // namespace stackd::api::v1
