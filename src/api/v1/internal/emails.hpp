#pragma once

#include "api/dispatcher.hpp"
#include "domain/email_outbox_service.hpp"

namespace stackd::api::v1::internal {

// GET /internal/emails: the dashboard's summary of the last 100 outbox emails (platform.md §2.8).
void RegisterEmails(Dispatcher& dispatcher, const domain::EmailOutboxService& outbox);

}  // namespace stackd::api::v1::internal
