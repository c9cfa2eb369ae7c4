#include "support/test_server.hpp"

#include "crypto/hash.hpp"
#include "support/scratch_database.hpp"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace stackd::testing {

TestServer::TestServer() : TestServer(Options{}) {}

TestServer::TestServer(Options options) {
    if (options.data_dir.empty()) {
        char pattern[] = "/tmp/stackd-test-XXXXXX";
        data_dir_ = mkdtemp(pattern);
        owns_data_dir_ = true;
    } else {
        data_dir_ = options.data_dir;
    }

    std::map<std::string, std::string> env;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        std::string line(*entry);
        const auto equals = line.find('=');
        env[line.substr(0, equals)] = line.substr(equals + 1);
    }
    env["STACK_SEED_INTERNAL_PROJECT_PUBLISHABLE_CLIENT_KEY"] = kDevPublishableKey;
    env["STACK_SEED_INTERNAL_PROJECT_SECRET_SERVER_KEY"] = kDevServerKey;
    env["STACK_SEED_INTERNAL_PROJECT_SUPER_SECRET_ADMIN_KEY"] = kDevAdminKey;
    env["STACK_SEED_INTERNAL_PROJECT_SIGN_UP_ENABLED"] = "true";
    env["STACK_SERVER_SECRET"] = "23-wuNpik0gIW4mruTz25rbIvhuuvZFrLOLtL7J4tyo";
    env["NODE_ENV"] = "test";
    // Upstream's development value: tests send many emails per project within minutes.
    env["STACK_DEFAULT_EMAIL_CAPACITY_PER_HOUR"] = "100000";
    if (options.test_mode) {
        env["STACKD_TEST_MODE"] = "1";
    } else {
        env.erase("STACKD_TEST_MODE");
    }
    if (ServersUsePostgres()) {
        // One database per data dir, so a restarted server finds its data again.
        database_name_ = "stackd_t_" + crypto::Sha256Hex(data_dir_).substr(0, 16);
        database_url_ = CreateScratchDatabase(database_name_);
        env["STACK_DATABASE_CONNECTION_STRING"] = database_url_;
        owns_database_ = owns_data_dir_;
    }
    for (const auto& [key, value] : options.env) {
        env[key] = value;
    }
    std::vector<std::string> env_strings;
    for (const auto& [key, value] : env) {
        env_strings.push_back(key + "=" + value);
    }
    std::vector<char*> envp;
    for (auto& entry : env_strings) {
        envp.push_back(entry.data());
    }
    envp.push_back(nullptr);

    int out_pipe[2];
    if (pipe(out_pipe) != 0) {
        throw std::runtime_error("pipe failed");
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
    const std::string log_path = data_dir_ + "/stackd.log";
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    std::string binary = STACKD_BINARY;
    std::vector<std::string> args = {binary, "serve", "--port", "0", "--data-dir", data_dir_};
    std::vector<char*> argv;
    for (auto& arg : args) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    close(out_pipe[1]);
    if (rc != 0) {
        close(out_pipe[0]);
        throw std::runtime_error("cannot start " + binary);
    }
    pid_ = pid;

    // The first stdout line is "listening on http://HOST:PORT".
    std::string line;
    char c;
    while (read(out_pipe[0], &c, 1) == 1 && c != '\n') {
        line.push_back(c);
    }
    close(out_pipe[0]);
    const std::string prefix = "listening on ";
    if (line.rfind(prefix, 0) != 0) {
        Stop();
        throw std::runtime_error("stackd did not start (see " + log_path + "): " + line);
    }
    base_url_ = line.substr(prefix.size());
    port_ = std::stoi(base_url_.substr(base_url_.rfind(':') + 1));
}

TestServer::~TestServer() {
    Stop();
    if (owns_database_) {
        DropScratchDatabase(database_name_);
    }
    if (owns_data_dir_) {
        std::error_code ignored;
        std::filesystem::remove_all(data_dir_, ignored);
    }
}

int TestServer::Stop() {
    if (pid_ <= 0) {
        return -1;
    }
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void TestServer::Kill() {
    if (pid_ <= 0) {
        return;
    }
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
}

HttpResponse TestServer::Request(const std::string& method, const std::string& path, const Headers& headers,
                                 const std::string& body) const {
    return Send(method, base_url_ + path, headers, body);
}

HttpResponse TestServer::Get(const std::string& path, const Headers& headers) const {
    return Request("GET", path, headers);
}

HttpResponse TestServer::Post(const std::string& path, const std::string& body, const Headers& headers) const {
    Headers with_type = headers;
    with_type.emplace_back("content-type", "application/json");
    return Request("POST", path, with_type, body);
}

Headers TestServer::ClientHeaders(const std::string& project_id) {
    return {{"x-stack-access-type", "client"},
            {"x-stack-project-id", project_id},
            {"x-stack-publishable-client-key", kDevPublishableKey}};
}

Headers TestServer::ServerHeaders(const std::string& project_id) {
    return {{"x-stack-access-type", "server"},
            {"x-stack-project-id", project_id},
            {"x-stack-secret-server-key", kDevServerKey}};
}

Headers TestServer::AdminHeaders(const std::string& project_id) {
    return {{"x-stack-access-type", "admin"},
            {"x-stack-project-id", project_id},
            {"x-stack-super-secret-admin-key", kDevAdminKey}};
}

}  // namespace stackd::testing
