#pragma once

#include <string>

#include "api/dispatcher.hpp"
#include "crypto/signing_keys.hpp"
#include "domain/contact_channels.hpp"
#include "domain/data_vault.hpp"
#include "domain/email_delivery_info.hpp"
#include "domain/email_outbox_service.hpp"
#include "domain/notification_preference_service.hpp"
#include "domain/send_email.hpp"
#include "domain/sign_in_invitations.hpp"
#include "domain/email_verification.hpp"
#include "domain/mfa_auth.hpp"
#include "domain/otp_auth.hpp"
#include "domain/password_auth.hpp"
#include "domain/password_reset.hpp"
#include "domain/permission_service.hpp"
#include "domain/projects.hpp"
#include "domain/sessions.hpp"
#include "domain/team_invitations.hpp"
#include "domain/team_members.hpp"
#include "domain/teams.hpp"
#include "domain/sign_up_rules.hpp"
#include "domain/users.hpp"
#include "domain/webhook_portal.hpp"
#include "storage/store.hpp"
#include "util/clock.hpp"

namespace stackd::api::v1 {

// What the route groups need, built and owned by the App.
struct Services {
    storage::Store& store;
    const util::Clock& clock;
    const crypto::SigningKeys& signing_keys;
    domain::ProjectService& projects;
    domain::UserService& users;
    domain::SessionService& sessions;
    domain::PasswordAuth& password_auth;
    domain::OtpAuth& otp_auth;
    domain::PasswordReset& password_reset;
    domain::EmailVerification& email_verification;
    std::string trusted_proxy;  // STACK_TRUSTED_PROXY
    domain::TeamService& teams;
    domain::TeamMemberService& team_members;
    domain::PermissionService& permissions;
    domain::TeamInvitations& team_invitations;
    domain::ContactChannels& contact_channels;
    const domain::MfaAuth& mfa_auth;
    domain::DataVaultService& data_vault;
    const domain::WebhookPortal& webhook_portal;
    const domain::EmailOutboxService& email_outbox;
    const domain::SendEmailService& send_email;
    const domain::EmailDeliveryInfoService& email_delivery_info;
    const domain::NotificationPreferenceService& notification_preferences;
    const domain::SignInInvitations& sign_in_invitations;
    const domain::SignUpRules& sign_up_rules;
};

// The only list of /api/v1 route groups.
void RegisterAll(Dispatcher& dispatcher, Services& services);

}  // namespace stackd::api::v1
