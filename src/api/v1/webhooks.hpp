#pragma once

#include "api/dispatcher.hpp"
#include "domain/webhook_portal.hpp"

namespace stackd::api::v1 {

// /webhooks/svix-token (platform.md §3.3): the dashboard's Svix app-portal token, admin only.
void RegisterWebhooks(Dispatcher& dispatcher, const domain::WebhookPortal& portal);

}  // namespace stackd::api::v1
