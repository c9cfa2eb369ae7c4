#pragma once

#include <map>
#include <string>

#include "support/http_client.hpp"

namespace stackd::testing {

// Upstream's development keys for the internal project (.env.development).
inline constexpr const char* kDevPublishableKey = "this-publishable-client-key-is-for-local-development-only";
inline constexpr const char* kDevServerKey = "this-secret-server-key-is-for-local-development-only";
inline constexpr const char* kDevAdminKey = "this-super-secret-admin-key-is-for-local-development-only";

// Starts build/stackd with `serve --port 0` in a fresh data directory (on PostgreSQL
// when STACKD_TEST_BACKEND=postgres: a scratch database per data dir), waits for its
// "listening on" line and stops it with SIGTERM on destruction.
class TestServer {
public:
    struct Options {
        std::map<std::string, std::string> env;  // extra or overriding environment
        std::string data_dir;                    // empty: a new temporary directory
        bool test_mode = true;                   // STACKD_TEST_MODE=1
    };

    TestServer();
    explicit TestServer(Options options);
    ~TestServer();
    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;

    const std::string& base_url() const { return base_url_; }
    const std::string& data_dir() const { return data_dir_; }
    int port() const { return port_; }
    // The PostgreSQL database this server uses, or "" when it runs on SQLite in data_dir().
    const std::string& database_url() const { return database_url_; }

    HttpResponse Get(const std::string& path, const Headers& headers = {}) const;
    HttpResponse Post(const std::string& path, const std::string& body, const Headers& headers = {}) const;
    HttpResponse Request(const std::string& method, const std::string& path, const Headers& headers = {},
                         const std::string& body = "") const;

    // Sends SIGTERM and returns the exit status (for shutdown tests).
    int Stop();
    // Sends SIGKILL (a crash: nothing is flushed or finished) and waits for the process.
    void Kill();

    static Headers ClientHeaders(const std::string& project_id = "internal");
    static Headers ServerHeaders(const std::string& project_id = "internal");
    static Headers AdminHeaders(const std::string& project_id = "internal");

private:
    std::string data_dir_;
    bool owns_data_dir_ = false;
    std::string database_name_;  // PostgreSQL runs: this server's database
    std::string database_url_;
    bool owns_database_ = false;
    std::string base_url_;
    int port_ = 0;
    int pid_ = -1;
};

}  // namespace stackd::testing
