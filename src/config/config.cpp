#include "config/config.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "crypto/jwt.hpp"
#include "crypto/random.hpp"

namespace stackd::config {
namespace {

std::optional<std::string> Env(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') {
        return std::nullopt;
    }
    return std::string(value);
}

std::optional<std::string> EnvEither(const char* name, const char* older_name) {
    auto value = Env(name);
    return value ? value : Env(older_name);
}

// Upstream's seed switches count as on only when exactly "true".
bool EnvTrue(const char* name, const char* older_name) { return EnvEither(name, older_name) == "true"; }

std::vector<std::string> SplitList(const std::string& text) {
    std::vector<std::string> items;
    size_t start = 0;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        if (comma == std::string::npos) {
            comma = text.size();
        }
        std::string item = text.substr(start, comma - start);
        const auto first = item.find_first_not_of(' ');
        const auto last = item.find_last_not_of(' ');
        if (first != std::string::npos) {
            items.push_back(item.substr(first, last - first + 1));
        }
        start = comma + 1;
    }
    return items;
}

void WritePrivateFile(const std::filesystem::path& path, const std::string& content) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) {
        throw std::runtime_error("cannot write " + path.string());
    }
    const auto written = ::write(fd, content.data(), content.size());
    ::close(fd);
    if (written != static_cast<ssize_t>(content.size())) {
        throw std::runtime_error("cannot write " + path.string());
    }
}

std::optional<std::string> ReadFile(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) {
        return std::nullopt;
    }
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A positive whole number from the environment, or nullopt when unset.
std::optional<int> EnvPositive(const char* name) {
    const auto text = Env(name);
    if (!text) {
        return std::nullopt;
    }
    const int value = std::atoi(text->c_str());
    if (value <= 0) {
        throw std::runtime_error(std::string(name) + " is not a positive number: " + *text);
    }
    return value;
}

}  // namespace

Config LoadFromEnvironment() {
    Config config;
    if (auto url = Env("STACK_DATABASE_CONNECTION_STRING")) {
        config.database.connection_string = *url;
    }
    config.server_secret = Env("STACK_SERVER_SECRET").value_or("");
    config.public_api_url = Env("NEXT_PUBLIC_STACK_API_URL").value_or("http://localhost:8102");
    if (auto lifetime = Env("STACK_ACCESS_TOKEN_EXPIRATION_TIME")) {
        const auto seconds = crypto::ParseJoseDurationSeconds(*lifetime);
        if (!seconds || *seconds <= 0) {
            throw std::runtime_error("STACK_ACCESS_TOKEN_EXPIRATION_TIME is not a duration: " + *lifetime);
        }
        config.access_token_lifetime_seconds = *seconds;
    }
    config.trusted_proxy = Env("STACK_TRUSTED_PROXY").value_or("");
    config.rate_limits = Env("STACKD_RATE_LIMITS").value_or("");
    const auto node_env = Env("NODE_ENV").value_or("");
    config.development_environment = node_env == "development" || node_env == "test";
    config.allow_dev_key_override_in_production =
        Env("STACK_ALLOW_DEVELOPMENT_KEY_OVERRIDE_DESPITE_PRODUCTION") == "this-is-dangerous";
    config.test_mode = Env("STACKD_TEST_MODE") == "1";
    config.email.host = Env("STACK_EMAIL_HOST").value_or("");
    if (auto port = Env("STACK_EMAIL_PORT")) {
        const int value = std::atoi(port->c_str());
        if (value <= 0 || value > 65535) {
            throw std::runtime_error("STACK_EMAIL_PORT is not a port: " + *port);
        }
        config.email.port = static_cast<uint16_t>(value);
    }
    config.email.secure = Env("STACK_EMAIL_SECURE") == "true";
    config.email.username = Env("STACK_EMAIL_USERNAME").value_or("");
    config.email.password = Env("STACK_EMAIL_PASSWORD").value_or("");
    config.email.sender = Env("STACK_EMAIL_SENDER").value_or("noreply@example.com");
    config.webhooks.svix_api_key = Env("STACK_SVIX_API_KEY").value_or("");
    config.webhooks.svix_server_url = Env("STACK_SVIX_SERVER_URL").value_or("");
    if (auto capacity = EnvPositive("STACK_DEFAULT_EMAIL_CAPACITY_PER_HOUR")) {
        config.email.default_capacity_per_hour = *capacity;
    }
    if (auto threads = EnvPositive("STACKD_IO_THREADS")) {
        config.http.io_threads = static_cast<size_t>(*threads);
    }
    if (auto threads = EnvPositive("STACKD_WORKER_THREADS")) {
        config.http.worker_threads = static_cast<size_t>(*threads);
    }

    auto& seed = config.seed;
    seed.publishable_client_key = EnvEither("STACK_SEED_INTERNAL_PROJECT_PUBLISHABLE_CLIENT_KEY",
                                            "STACK_INTERNAL_PROJECT_PUBLISHABLE_CLIENT_KEY");
    seed.secret_server_key =
        EnvEither("STACK_SEED_INTERNAL_PROJECT_SECRET_SERVER_KEY", "STACK_INTERNAL_PROJECT_SECRET_SERVER_KEY");
    seed.super_secret_admin_key = EnvEither("STACK_SEED_INTERNAL_PROJECT_SUPER_SECRET_ADMIN_KEY",
                                            "STACK_INTERNAL_PROJECT_SUPER_SECRET_ADMIN_KEY");
    seed.sign_up_enabled =
        EnvTrue("STACK_SEED_INTERNAL_PROJECT_SIGN_UP_ENABLED", "STACK_INTERNAL_PROJECT_SIGN_UP_ENABLED");
    seed.otp_enabled = EnvTrue("STACK_SEED_INTERNAL_PROJECT_OTP_ENABLED", "STACK_INTERNAL_PROJECT_OTP_ENABLED");
    seed.allow_localhost =
        EnvTrue("STACK_SEED_INTERNAL_PROJECT_ALLOW_LOCALHOST", "STACK_INTERNAL_PROJECT_ALLOW_LOCALHOST");
    seed.oauth_providers = SplitList(
        EnvEither("STACK_SEED_INTERNAL_PROJECT_OAUTH_PROVIDERS", "STACK_INTERNAL_PROJECT_OAUTH_PROVIDERS")
            .value_or(""));
    seed.dashboard_url = Env("NEXT_PUBLIC_STACK_DASHBOARD_URL").value_or("");
    return config;
}

void ResolveGeneratedSecrets(Config& config) {
    const std::filesystem::path dir = config.database.data_dir;
    std::filesystem::create_directories(dir);
    if (config.server_secret.empty()) {
        const auto path = dir / "server-secret";
        if (auto existing = ReadFile(path)) {
            config.server_secret = *existing;
        } else {
            config.server_secret = crypto::RandomCrockfordString(43);
            WritePrivateFile(path, config.server_secret);
            spdlog::info("generated STACK_SERVER_SECRET into {}", path.string());
        }
    }
    auto& seed = config.seed;
    if (seed.publishable_client_key && seed.secret_server_key && seed.super_secret_admin_key) {
        return;
    }
    // Keys the environment did not give are generated once and kept in a private file,
    // never in the log.
    const auto path = dir / "internal-project-keys.json";
    nlohmann::json keys = nlohmann::json::object();
    if (auto existing = ReadFile(path)) {
        keys = nlohmann::json::parse(*existing, nullptr, false);
        if (!keys.is_object()) {
            keys = nlohmann::json::object();
        }
    }
    auto resolve = [&](std::optional<std::string>& slot, const char* name, const char* prefix) {
        if (slot) {
            return;
        }
        if (!keys.contains(name)) {
            keys[name] = std::string(prefix) + crypto::RandomCrockfordString(45);
        }
        slot = keys[name].get<std::string>();
    };
    resolve(seed.publishable_client_key, "publishable_client_key", "pck_");
    resolve(seed.secret_server_key, "secret_server_key", "ssk_");
    resolve(seed.super_secret_admin_key, "super_secret_admin_key", "sak_");
    WritePrivateFile(path, keys.dump(2) + "\n");
    spdlog::info("internal project keys not set in the environment; using those in {}", path.string());
}

}  // namespace stackd::config
