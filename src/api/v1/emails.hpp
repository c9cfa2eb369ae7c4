#pragma once

#include "api/dispatcher.hpp"
#include "domain/email_delivery_info.hpp"
#include "domain/notification_preference_service.hpp"
#include "domain/send_email.hpp"

namespace stackd::api::v1 {

// /emails/send-email, /emails/delivery-info, /emails/capacity-boost,
// /emails/notification-preference/... and
// /emails/unsubscribe-link (platform.md §2.8).
void RegisterEmails(Dispatcher& dispatcher, const domain::SendEmailService& send_email,
                    const domain::EmailDeliveryInfoService& delivery_info,
                    const domain::NotificationPreferenceService& preferences);

}  // namespace stackd::api::v1
