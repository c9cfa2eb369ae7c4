#include "app/app.hpp"

#include <cstdio>
#include <thread>

#include <spdlog/spdlog.h>

#include "api/auth_context.hpp"
#include "api/dispatcher.hpp"
#include "api/health.hpp"
#include "api/test_clock.hpp"
#include "api/v1/routes.hpp"
#include "crypto/signing_keys.hpp"
#include "domain/internal_project_seed.hpp"
#include "domain/password_auth.hpp"
#include "domain/password_hasher.hpp"
#include "domain/sessions.hpp"
#include "domain/users.hpp"
#include "domain/projects.hpp"
#include "http/server.hpp"
#include "jobs/event_writer.hpp"
#include "storage/open_store.hpp"
#include "util/clock.hpp"

namespace stackd::app {

struct App::Components {
    util::SystemClock clock;
    std::unique_ptr<storage::Store> store;
    std::unique_ptr<crypto::SigningKeys> signing_keys;
    std::unique_ptr<domain::ProjectService> projects;
    std::unique_ptr<jobs::EventWriter> events;
    std::unique_ptr<domain::PasswordHasher> hasher;
    std::unique_ptr<domain::UserService> users;
    std::unique_ptr<domain::SessionService> sessions;
    std::unique_ptr<domain::PasswordAuth> password_auth;
    std::unique_ptr<api::AuthContext> auth;
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
    c.store = storage::OpenStore(config_.database.connection_string, config_.database.data_dir, workers);
    c.store->Migrate();
    domain::SeedInternalProject(*c.store, c.clock, config_.seed);

    c.signing_keys = std::make_unique<crypto::SigningKeys>(config_.server_secret);
    c.projects = std::make_unique<domain::ProjectService>(*c.store, c.clock);
    c.events = std::make_unique<jobs::EventWriter>(*c.store, c.clock);
    c.hasher = std::make_unique<domain::PasswordHasher>(Cores());
    c.users = std::make_unique<domain::UserService>(*c.store, c.clock, *c.hasher);
    c.sessions = std::make_unique<domain::SessionService>(
        *c.store, c.clock, *c.signing_keys,
        domain::TokenSettings{config_.public_api_url, config_.access_token_lifetime_seconds}, *c.events);
    c.password_auth = std::make_unique<domain::PasswordAuth>(*c.store, *c.users, *c.sessions, *c.hasher);
    c.auth = std::make_unique<api::AuthContext>(*c.projects, *c.users, *c.signing_keys, c.clock, config_);
    c.dispatcher = std::make_unique<api::Dispatcher>(*c.auth);
    api::v1::Services services{*c.store,    c.clock,      *c.signing_keys,  *c.projects,
                               *c.users,    *c.sessions,  *c.password_auth, config_.trusted_proxy};
    api::v1::RegisterAll(*c.dispatcher, services);
    api::RegisterHealth(*c.dispatcher, *c.store);
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
    http::Server server(options, [&c](http::Request& request) { return c.dispatcher->Handle(request); });
    const uint16_t port = server.Start();
    // Tests and tools read this first stdout line to learn the port.
    std::printf("listening on http://%s:%u\n", options.host.c_str(), port);
    std::fflush(stdout);
    server.Wait();
    c.events->Stop();
    spdlog::info("stopped");
    return 0;
}

}  // namespace stackd::app
