#include "api/v1/routes.hpp"

#include "api/v1/auth/anonymous.hpp"
#include "api/v1/auth/cli.hpp"
#include "api/v1/auth/mfa.hpp"
#include "api/v1/auth/oauth.hpp"
#include "api/v1/auth/otp.hpp"
#include "api/v1/auth/password.hpp"
#include "api/v1/auth/password_reset.hpp"
#include "api/v1/auth/sessions.hpp"
#include "api/v1/contact_channels.hpp"
#include "api/v1/email_outbox.hpp"
#include "api/v1/emails.hpp"
#include "api/v1/internal/api_keys.hpp"
#include "api/v1/internal/config.hpp"
#include "api/v1/internal/metrics.hpp"
#include "api/v1/internal/projects.hpp"
#include "api/v1/internal/sign_up_rules.hpp"
#include "api/v1/project_api_keys.hpp"
#include "api/v1/check_feature_support.hpp"
#include "api/v1/check_version.hpp"
#include "api/v1/data_vault.hpp"
#include "api/v1/internal/send_test_webhook.hpp"
#include "api/v1/internal/emails.hpp"
#include "api/v1/internal/send_sign_in_invitation.hpp"
#include "api/v1/project_permission_definitions.hpp"
#include "api/v1/project_permissions.hpp"
#include "api/v1/projects.hpp"
#include "api/v1/root.hpp"
#include "api/v1/team_invitations.hpp"
#include "api/v1/team_member_profiles.hpp"
#include "api/v1/team_memberships.hpp"
#include "api/v1/team_permission_definitions.hpp"
#include "api/v1/team_permissions.hpp"
#include "api/v1/teams.hpp"
#include "api/v1/users.hpp"
#include "api/v1/webhooks.hpp"

namespace stackd::api::v1 {

void RegisterAll(Dispatcher& dispatcher, Services& services) {
    RegisterRoot(dispatcher);
    RegisterProjects(dispatcher, services.projects, services.signing_keys);
    // The admin API's services are owned by its routes (shared by their handlers).
    internal::RegisterProjects(
        dispatcher, std::make_shared<domain::AdminProjectService>(services.store, services.clock, services.projects));
    internal::RegisterApiKeys(
        dispatcher, std::make_shared<domain::ApiKeyService>(services.store, services.clock, services.projects));
    internal::RegisterConfig(
        dispatcher, std::make_shared<domain::ConfigOverrideService>(services.store, services.clock, services.projects));
    internal::RegisterSignUpRules(dispatcher, services.sign_up_rules, services.store, services.clock,
                                  services.trusted_proxy);
    RegisterProjectApiKeys(dispatcher,
                           std::make_shared<domain::ProjectApiKeyService>(services.store, services.clock));
    RegisterCheckVersion(dispatcher);
    RegisterCheckFeatureSupport(dispatcher);
    RegisterDataVault(dispatcher, services.data_vault);
    internal::RegisterMetrics(dispatcher, std::make_shared<domain::MetricsService>(services.store, services.clock));
    RegisterUsers(dispatcher, services.users);
    RegisterTeams(dispatcher, services.teams);
    RegisterTeamMemberships(dispatcher, services.team_members);
    RegisterTeamMemberProfiles(dispatcher, services.team_members);
    RegisterTeamInvitations(dispatcher, services.team_invitations);
    RegisterTeamPermissions(dispatcher, services.permissions);
    RegisterTeamPermissionDefinitions(dispatcher, services.permissions);
    RegisterProjectPermissions(dispatcher, services.permissions);
    RegisterProjectPermissionDefinitions(dispatcher, services.permissions);
    auth::RegisterPassword(dispatcher, services.password_auth, services.trusted_proxy);
    auth::RegisterSessions(dispatcher, services.sessions, services.users, services.clock, services.trusted_proxy);
    auth::RegisterAnonymous(dispatcher, services.store, services.users, services.sessions, services.trusted_proxy);
    auth::RegisterOAuthToken(dispatcher, services.projects, services.sessions, services.trusted_proxy);
    auth::RegisterPasswordReset(dispatcher, services.password_reset);
    auth::RegisterOtp(dispatcher, services.otp_auth, services.trusted_proxy);
    auth::RegisterMfa(dispatcher, services.mfa_auth, services.trusted_proxy);
    auth::RegisterCli(dispatcher,
                      std::make_shared<domain::CliAuthService>(services.store, services.clock, services.sessions),
                      services.trusted_proxy);
    RegisterContactChannels(dispatcher, services.email_verification, services.contact_channels);
    RegisterWebhooks(dispatcher, services.webhook_portal);
    internal::RegisterSendTestWebhook(dispatcher, services.webhook_portal);
    RegisterEmails(dispatcher, services.send_email, services.email_delivery_info, services.notification_preferences);
    RegisterEmailOutbox(dispatcher, services.email_outbox);
    internal::RegisterSendSignInInvitation(dispatcher, services.sign_in_invitations);
    internal::RegisterEmails(dispatcher, services.email_outbox);
}

}  // namespace stackd::api::v1
