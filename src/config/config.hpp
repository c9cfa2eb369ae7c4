#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stackd::config {

// Everything stackd reads from its environment and flags, loaded once at startup.
// Variable names are upstream's where upstream has one.
struct Config {
    struct Http {
        std::string host = "127.0.0.1";
        uint16_t port = 8102;
        size_t io_threads = 0;      // 0: one per core
        size_t worker_threads = 0;  // 0: four per core
        size_t body_limit_bytes = 8 * 1024 * 1024;
    } http;

    struct Database {
        std::string data_dir = "./data";
        std::string connection_string;  // STACK_DATABASE_CONNECTION_STRING; empty: embedded SQLite
    } database;

    // Seed of the internal project (upstream's STACK_SEED_INTERNAL_PROJECT_*; the older
    // STACK_INTERNAL_PROJECT_* spelling is accepted too).
    struct Seed {
        std::optional<std::string> publishable_client_key;
        std::optional<std::string> secret_server_key;
        std::optional<std::string> super_secret_admin_key;
        bool sign_up_enabled = false;
        bool otp_enabled = false;
        bool allow_localhost = false;
        std::vector<std::string> oauth_providers;
        std::string dashboard_url;  // NEXT_PUBLIC_STACK_DASHBOARD_URL
    } seed;

    // The shared SMTP server (STACK_EMAIL_*); no host: emails stay queued, unsent.
    struct Email {
        std::string host;      // STACK_EMAIL_HOST
        uint16_t port = 587;   // STACK_EMAIL_PORT
        bool secure = false;   // STACK_EMAIL_SECURE=true: implicit TLS (also implied by port 465)
        std::string username;  // STACK_EMAIL_USERNAME
        std::string password;  // STACK_EMAIL_PASSWORD
        std::string sender;    // STACK_EMAIL_SENDER: the From address
        // STACK_DEFAULT_EMAIL_CAPACITY_PER_HOUR: base sending capacity per project (platform.md §2.4)
        double default_capacity_per_hour = 200;
    } email;

    // Svix, which delivers webhooks (platform.md §3.1). No API key: webhook events stay
    // queued in the outbox, unsent, and the Svix routes answer with an error.
    struct Webhooks {
        std::string svix_api_key;     // STACK_SVIX_API_KEY
        std::string svix_server_url;  // STACK_SVIX_SERVER_URL: a self-hosted Svix; empty: hosted Svix
    } webhooks;

    std::string server_secret;  // STACK_SERVER_SECRET; generated into the data dir when unset
    std::string public_api_url = "http://localhost:8102";  // NEXT_PUBLIC_STACK_API_URL
    int64_t access_token_lifetime_seconds = 600;  // STACK_ACCESS_TOKEN_EXPIRATION_TIME (jose duration)
    std::string trusted_proxy;  // STACK_TRUSTED_PROXY: "vercel", "cloudflare" or empty
    std::string rate_limits;    // STACKD_RATE_LIMITS: empty (defaults), "off", or "rule=count/seconds,..."
    // NODE_ENV development/test: enables x-stack-development-override-key and error details.
    bool development_environment = false;
    bool allow_dev_key_override_in_production = false;
    // STACKD_TEST_MODE=1: tests may move the server's clock.
    bool test_mode = false;
};

// Reads the environment into a Config (flags are applied on top by main).
Config LoadFromEnvironment();

// Reads or creates the server secret and the internal project's keys in the data dir
// (0600 files), for the values the environment did not provide.
void ResolveGeneratedSecrets(Config& config);

}  // namespace stackd::config
