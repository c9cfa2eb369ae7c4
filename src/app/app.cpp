#include "app/app.hpp"

#include <cstdio>
#include <filesystem>
#include <thread>

#include <spdlog/spdlog.h>

#include "api/auth_context.hpp"
#include "api/dispatcher.hpp"
#include "api/health.hpp"
#include "api/rate_limits.hpp"
#include "api/storage_files.hpp"
#include "api/test_clock.hpp"
#include "api/v1/routes.hpp"
#include "crypto/signing_keys.hpp"
#include "domain/contact_channels.hpp"
#include "domain/data_vault.hpp"
#include "domain/email_delivery_info.hpp"
#include "domain/email_delivery_planner.hpp"
#include "domain/email_outbox.hpp"
#include "domain/email_outbox_service.hpp"
#include "domain/email_queue.hpp"
#include "domain/notification_preference_service.hpp"
#include "domain/send_email.hpp"
#include "domain/sign_in_invitations.hpp"
#include "domain/email_verification.hpp"
#include "domain/internal_project_seed.hpp"
#include "domain/mfa_auth.hpp"
#include "domain/otp_auth.hpp"
#include "domain/password_auth.hpp"
#include "domain/password_hasher.hpp"
#include "domain/password_reset.hpp"
#include "domain/permission_service.hpp"
#include "domain/team_invitations.hpp"
#include "domain/team_members.hpp"
#include "domain/teams.hpp"
#include "domain/verification_codes.hpp"
#include "domain/webhook_portal.hpp"
#include "domain/sessions.hpp"
#include "domain/users.hpp"
#include "domain/projects.hpp"
#include "http/server.hpp"
#include "jobs/email_worker.hpp"
#include "jobs/activity_writer.hpp"
#include "jobs/event_writer.hpp"
#include "jobs/smtp_sender.hpp"
#include "jobs/svix_client.hpp"
#include "jobs/webhook_worker.hpp"
#include "storage/blob_store.hpp"
#include "storage/open_store.hpp"
#include "util/clock.hpp"
#include "util/directory_lock.hpp"

namespace stackd::app {

struct App::Components {
    util::SystemClock clock;
    std::unique_ptr<storage::Store> store;
    std::unique_ptr<crypto::SigningKeys> signing_keys;
    std::unique_ptr<domain::ProjectService> projects;
    std::unique_ptr<jobs::EventWriter> events;
    std::unique_ptr<jobs::ActivityWriter> activity;
    std::unique_ptr<domain::PasswordHasher> hasher;
    std::unique_ptr<storage::FileBlobStore> blobs;
    std::unique_ptr<domain::ImageStore> images;
    std::unique_ptr<domain::HotReads> hot_reads;
    std::unique_ptr<domain::UserService> users;
    std::unique_ptr<domain::TeamService> teams;
    std::unique_ptr<domain::TeamMemberService> team_members;
    std::unique_ptr<domain::PermissionService> permissions;
    std::unique_ptr<domain::SessionService> sessions;
    std::unique_ptr<domain::VerificationCodes> codes;
    std::unique_ptr<domain::EmailOutboxWriter> email_writer;
    std::unique_ptr<domain::EmailQueue> emails;
    std::unique_ptr<domain::EmailOutboxService> email_outbox;
    std::unique_ptr<domain::SendEmailService> send_email;
    std::unique_ptr<domain::EmailDeliveryInfoService> email_delivery_info;
    std::unique_ptr<domain::NotificationPreferenceService> notification_preferences;
    std::unique_ptr<domain::EmailDeliveryPlanner> email_planner;
    std::unique_ptr<domain::SignInInvitations> sign_in_invitations;
    std::unique_ptr<domain::EmailVerification> email_verification;
    std::unique_ptr<domain::TeamInvitations> team_invitations;
    std::unique_ptr<domain::ContactChannels> contact_channels;
    std::unique_ptr<domain::MfaAuth> mfa_auth;
    std::unique_ptr<domain::DataVaultService> data_vault;
    std::unique_ptr<domain::SignUpRules> sign_up_rules;
    std::unique_ptr<domain::PasswordAuth> password_auth;
    std::unique_ptr<domain::PasswordReset> password_reset;
    std::unique_ptr<domain::OtpAuth> otp_auth;
    std::unique_ptr<jobs::SmtpSender> smtp;
    std::unique_ptr<jobs::EmailCapacity> email_capacity;
    std::unique_ptr<jobs::EmailWorker> email_worker;
    std::unique_ptr<jobs::SvixClient> svix;
    std::unique_ptr<jobs::WebhookWorker> webhook_worker;
    std::unique_ptr<domain::WebhookPortal> webhook_portal;
    std::unique_ptr<api::AuthContext> auth;
    std::unique_ptr<api::RateLimits> rate_limits;
    std::unique_ptr<api::Dispatcher> dispatcher;
};

namespace {

size_t Cores() { return std::max<size_t>(1, std::thread::hardware_concurrency()); }

}  // namespace

App::App(config::Config config) : config_(std::move(config)), components_(std::make_unique<Components>()) {}

App::~App() = default;

int App::Migrate() {
    auto store = storage::OpenStore(config_.database.connection_string, config_.database.data_dir, 1);
    store->Migrate();
    return 0;
}

int App::Serve() {
    config::ResolveGeneratedSecrets(config_);
    auto& c = *components_;
    const size_t workers = config_.http.worker_threads ? config_.http.worker_threads : 4 * Cores();
    std::optional<util::DirectoryLock> data_directory_lock;
    if (config_.database.connection_string.empty()) {
        // The embedded database's caches (domain::HotReads) rely on this process being its
        // only writer: a second server on the same directory is refused.
        data_directory_lock.emplace(config_.database.data_dir);
    }
    c.store = storage::OpenStore(config_.database.connection_string, config_.database.data_dir, workers);
    c.store->Migrate();
    domain::SeedInternalProject(*c.store, c.clock, config_.seed);

    c.signing_keys = std::make_unique<crypto::SigningKeys>(config_.server_secret);
    c.projects = std::make_unique<domain::ProjectService>(*c.store, c.clock);
    c.events = std::make_unique<jobs::EventWriter>(*c.store, c.clock);
    c.activity = std::make_unique<jobs::ActivityWriter>(*c.store);
    c.hasher = std::make_unique<domain::PasswordHasher>(Cores());
    c.blobs = std::make_unique<storage::FileBlobStore>(
        (std::filesystem::path(config_.database.data_dir) / "blobs").string());
    c.images = std::make_unique<domain::ImageStore>(*c.blobs, config_.public_api_url);
    c.hot_reads = std::make_unique<domain::HotReads>(*c.store);
    c.users = std::make_unique<domain::UserService>(*c.store, *c.hot_reads, c.clock, *c.hasher, *c.images);
    c.sessions = std::make_unique<domain::SessionService>(
        *c.store, *c.hot_reads, c.clock, *c.signing_keys,
        domain::TokenSettings{config_.public_api_url, config_.access_token_lifetime_seconds}, *c.events,
        *c.activity);
    c.codes = std::make_unique<domain::VerificationCodes>(*c.store, c.clock);
    c.email_writer = std::make_unique<domain::EmailOutboxWriter>(c.clock, *c.codes, config_.public_api_url);
    c.emails = std::make_unique<domain::EmailQueue>(*c.email_writer);
    c.email_outbox = std::make_unique<domain::EmailOutboxService>(*c.store, c.clock, *c.email_writer);
    c.send_email = std::make_unique<domain::SendEmailService>(*c.store, *c.email_writer);
    c.email_delivery_info =
        std::make_unique<domain::EmailDeliveryInfoService>(*c.store, c.clock, config_.email.default_capacity_per_hour);
    c.notification_preferences = std::make_unique<domain::NotificationPreferenceService>(*c.store, c.clock);
    c.sign_in_invitations = std::make_unique<domain::SignInInvitations>(*c.store, *c.emails);
    c.email_verification = std::make_unique<domain::EmailVerification>(*c.store, *c.codes, *c.emails);
    c.team_invitations = std::make_unique<domain::TeamInvitations>(*c.store, c.clock, *c.codes, *c.emails);
    c.contact_channels = std::make_unique<domain::ContactChannels>(*c.store, c.clock, *c.email_verification);
    c.mfa_auth = std::make_unique<domain::MfaAuth>(*c.store, c.clock, *c.sessions, *c.codes);
    c.sign_up_rules = std::make_unique<domain::SignUpRules>(*c.events, config_.development_environment);
    c.password_auth = std::make_unique<domain::PasswordAuth>(*c.store, *c.users, *c.sessions, *c.mfa_auth, *c.hasher,
                                                             *c.sign_up_rules, c.email_verification.get());
    c.password_reset = std::make_unique<domain::PasswordReset>(*c.store, c.clock, *c.hasher, *c.codes, *c.emails);
    c.otp_auth = std::make_unique<domain::OtpAuth>(*c.store, *c.users, *c.mfa_auth, *c.codes, *c.emails,
                                                   *c.sign_up_rules);
    c.teams = std::make_unique<domain::TeamService>(*c.store, c.clock, *c.images);
    c.team_members = std::make_unique<domain::TeamMemberService>(*c.store, c.clock, *c.images);
    c.permissions = std::make_unique<domain::PermissionService>(*c.store, c.clock, *c.projects);
    c.data_vault = std::make_unique<domain::DataVaultService>(*c.store, c.clock, config_.server_secret);
    c.svix = std::make_unique<jobs::SvixClient>(
        jobs::SvixSettings{config_.webhooks.svix_api_key, config_.webhooks.svix_server_url});
    c.webhook_portal = std::make_unique<domain::WebhookPortal>(*c.svix);
    c.auth = std::make_unique<api::AuthContext>(*c.projects, *c.users, *c.teams, *c.signing_keys, c.clock, config_);
    c.rate_limits = api::RateLimits::FromSpec(config_.rate_limits, c.clock, config_.trusted_proxy);
    c.dispatcher = std::make_unique<api::Dispatcher>(*c.auth, c.rate_limits.get());
    api::v1::Services services{*c.store,    c.clock,      *c.signing_keys,  *c.projects,
                               *c.users,    *c.sessions,  *c.password_auth, *c.otp_auth,
                               *c.password_reset, *c.email_verification, config_.trusted_proxy,
                               *c.teams, *c.team_members, *c.permissions, *c.team_invitations,
                               *c.contact_channels, *c.mfa_auth, *c.data_vault, *c.webhook_portal,
                               *c.email_outbox, *c.send_email, *c.email_delivery_info,
                               *c.notification_preferences, *c.sign_in_invitations, *c.sign_up_rules};
    api::v1::RegisterAll(*c.dispatcher, services);
    api::RegisterHealth(*c.dispatcher, *c.store);
    api::RegisterStorageFiles(*c.dispatcher, *c.blobs);
    if (config_.test_mode) {
        spdlog::warn("STACKD_TEST_MODE=1: the clock can be moved through /stackd-test/clock");
        api::RegisterTestClock(*c.dispatcher, c.clock);
    }

    http::ServerOptions options;
    options.host = config_.http.host;
    options.port = config_.http.port;
    options.io_threads = config_.http.io_threads ? config_.http.io_threads : Cores();
    options.worker_threads = workers;
    options.body_limit_bytes = config_.http.body_limit_bytes;
    options.heavy_worker_threads = 2 * Cores();
    // Routes that hash or verify passwords wait on the bcrypt pool; they get their own
    // request workers so they never hold the ones reads and refreshes need. On SQLite the
    // hottest routes only touch in-process data (a cached token, one or two indexed rows, a
    // signature) and run on the I/O thread that read them: no pool hop, no context switch.
    // On PostgreSQL every read is a network round trip, so they go to the workers too.
    const bool embedded_database = config_.database.connection_string.empty();
    auto placement = [embedded_database](std::string_view method, std::string_view target) {
        const std::string_view path = target.substr(0, target.find('?'));
        if (method == "POST" && (path.find("/auth/password/") != std::string_view::npos ||
                                 path == "/api/v1/users" || path == "/api/latest/users")) {
            return http::Placement::kHeavy;
        }
        if (embedded_database &&
            ((method == "GET" && (path == "/api/v1/users/me" || path == "/api/latest/users/me")) ||
             (method == "POST" && (path == "/api/v1/auth/sessions/current/refresh" ||
                                   path == "/api/latest/auth/sessions/current/refresh")))) {
            return http::Placement::kInline;
        }
        return http::Placement::kWorkers;
    };
    http::Server server(
        options, [&c](http::Request& request) { return c.dispatcher->Handle(request); }, placement);
    if (!config_.email.host.empty()) {
        c.smtp = std::make_unique<jobs::SmtpSender>(jobs::SmtpSettings{
            config_.email.host, config_.email.port, config_.email.secure, config_.email.username,
            config_.email.password, config_.email.sender});
    } else {
        spdlog::warn("STACK_EMAIL_HOST is not set: emails of projects on the shared email server stay queued");
    }
    // Always running: projects with their own SMTP server send even without a shared one.
    c.email_planner = std::make_unique<domain::EmailDeliveryPlanner>(*c.store, *c.projects);
    c.email_capacity = std::make_unique<jobs::EmailCapacity>(
        [&c](const std::string& tenancy_id) { return c.email_delivery_info->Get(tenancy_id).rate_per_second; });
    c.email_worker = std::make_unique<jobs::EmailWorker>(*c.store, c.clock, *c.email_planner, c.smtp.get(),
                                                         jobs::EmailWorker::Options{}, c.email_capacity.get());
    c.email_worker->Start();
    if (!config_.webhooks.svix_api_key.empty()) {
        c.webhook_worker = std::make_unique<jobs::WebhookWorker>(*c.store, c.clock, *c.svix,
                                                                 jobs::WebhookWorker::Options{});
        c.webhook_worker->Start();
    } else {
        spdlog::warn("STACK_SVIX_API_KEY is not set: webhook events are queued but not sent");
    }
    const uint16_t port = server.Start();
    // Tests and tools read this first stdout line to learn the port.
    std::printf("listening on http://%s:%u\n", options.host.c_str(), port);
    std::fflush(stdout);
    server.Wait();
    if (c.email_worker) {
        c.email_worker->Stop();  // after the email being sent, before the store closes
    }
    if (c.webhook_worker) {
        c.webhook_worker->Stop();
    }
    c.activity->Stop();
    c.events->Stop();
    spdlog::info("stopped");
    return 0;
}

}  // namespace stackd::app
