#pragma once

#include "api/dispatcher.hpp"
#include "domain/webhook_portal.hpp"

namespace stackd::api::v1::internal {

// /internal/send-test-webhook (platform.md §3.3): a stack.test event to one Svix endpoint of
// the current project, admin only; always 200 with {success, error_message?}.
void RegisterSendTestWebhook(Dispatcher& dispatcher, const domain::WebhookPortal& portal);

}  // namespace stackd::api::v1::internal
