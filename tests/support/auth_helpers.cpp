#include "support/auth_helpers.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <stdexcept>

#include "crypto/base64url.hpp"
#include "domain/project_repository.hpp"
#include "storage/open_store.hpp"

namespace stackd::testing {
namespace {

HttpResponse Require(HttpResponse response, long status, const std::string& what) {
    if (response.status != status) {
        throw std::runtime_error(what + " answered " + std::to_string(response.status) + ": " + response.body);
    }
    return response;
}

Tokens ReadTokens(const HttpResponse& response) {
    const auto body = response.Json();
    Tokens tokens;
    tokens.access_token = body.at("access_token").get<std::string>();
    tokens.refresh_token = body.at("refresh_token").get<std::string>();
    if (body.contains("user_id")) {
        tokens.user_id = body.at("user_id").get<std::string>();
    }
    return tokens;
}

}  // namespace

std::string UniqueEmail(const std::string& tag) {
    static std::atomic<int> counter{0};
    return tag + "-" + std::to_string(++counter) + "-" + std::to_string(getpid()) + "@example.com";
}

Tokens SignUp(const TestServer& server, const std::string& email, const std::string& password) {
    const auto response =
        server.Post("/api/v1/auth/password/sign-up", nlohmann::json{{"email", email}, {"password", password}}.dump(),
                    TestServer::ClientHeaders());
    return ReadTokens(Require(response, 200, "sign-up of " + email));
}

Tokens SignIn(const TestServer& server, const std::string& email, const std::string& password) {
    const auto response =
        server.Post("/api/v1/auth/password/sign-in", nlohmann::json{{"email", email}, {"password", password}}.dump(),
                    TestServer::ClientHeaders());
    return ReadTokens(Require(response, 200, "sign-in of " + email));
}

Tokens SignUpAnonymously(const TestServer& server) {
    const auto response = server.Request("POST", "/api/v1/auth/anonymous/sign-up", TestServer::ClientHeaders());
    return ReadTokens(Require(response, 200, "anonymous sign-up"));
}

nlohmann::json CreateUser(const TestServer& server, const nlohmann::json& body, const Headers& server_headers) {
    return Require(server.Post("/api/v1/users", body.dump(), server_headers), 201, "POST /users").Json();
}

Tokens CreateSession(const TestServer& server, const std::string& user_id, const Headers& server_headers) {
    const auto response =
        server.Post("/api/v1/auth/sessions", nlohmann::json{{"user_id", user_id}}.dump(), server_headers);
    auto tokens = ReadTokens(Require(response, 200, "POST /auth/sessions"));
    tokens.user_id = user_id;
    return tokens;
}

Headers WithTokens(Headers headers, const std::string& access_token, const std::string& refresh_token) {
    headers.emplace_back("x-stack-access-token", access_token);
    if (!refresh_token.empty()) {
        headers.emplace_back("x-stack-refresh-token", refresh_token);
    }
    return headers;
}

Headers ClientAuth(const std::string& access_token) { return WithTokens(TestServer::ClientHeaders(), access_token); }

Headers ServerAuth(const std::string& access_token) { return WithTokens(TestServer::ServerHeaders(), access_token); }

HttpResponse SendJson(const TestServer& server, const std::string& method, const std::string& path,
                      const nlohmann::json& body, const Headers& headers) {
    Headers with_type = headers;
    with_type.emplace_back("content-type", "application/json");
    return server.Request(method, path, with_type, body.dump());
}

HttpResponse Refresh(const TestServer& server, const std::string& refresh_token, const Headers& headers) {
    Headers with_token = headers;
    with_token.emplace_back("x-stack-refresh-token", refresh_token);
    return server.Request("POST", "/api/v1/auth/sessions/current/refresh", with_token);
}

void SetClockOffset(const TestServer& server, int64_t offset_ms) {
    Require(server.Post("/stackd-test/clock", nlohmann::json{{"offset_ms", offset_ms}}.dump()), 200,
            "POST /stackd-test/clock");
}

void CreateProjectInDatabase(const TestServer& server, const std::string& project_id, const std::string& server_key) {
    char pattern[] = "/tmp/stackd-writer-XXXXXX";
    const std::string scratch = mkdtemp(pattern);
    auto store =
        storage::OpenStore(server.database_url(), server.database_url().empty() ? server.data_dir() : scratch, 2);
    store->Write([&](storage::Connection& db) {
        domain::Project project;
        project.id = project_id;
        project.display_name = "Second project";
        domain::project_repository::InsertProject(db, project, 1);
        domain::project_repository::InsertTenancy(db, project_id, "main", 1);
        domain::project_repository::UpsertKeySet(db, project_id, "keys", "test keys", 4102444799000,
                                                 {std::nullopt, server_key, std::nullopt}, 1);
    });
    store.reset();
    std::filesystem::remove_all(scratch);
}

Headers ServerHeadersFor(const std::string& project_id, const std::string& server_key) {
    return {{"x-stack-access-type", "server"},
            {"x-stack-project-id", project_id},
            {"x-stack-secret-server-key", server_key}};
}

nlohmann::json ExpectedUser(const nlohmann::json& actual, bool server, const nlohmann::json& changes) {
    nlohmann::json user = {
        {"id", actual.value("id", "")},
        {"primary_email", nullptr},
        {"primary_email_verified", false},
        {"display_name", nullptr},
        {"profile_image_url", nullptr},
        {"signed_up_at_millis", actual.value("signed_up_at_millis", int64_t{0})},
        {"has_password", false},
        {"otp_auth_enabled", false},
        {"passkey_auth_enabled", false},
        {"auth_with_email", false},
        {"requires_totp_mfa", false},
        {"client_metadata", nullptr},
        {"client_read_only_metadata", nullptr},
        {"selected_team_id", nullptr},
        {"selected_team", nullptr},
        {"oauth_providers", nlohmann::json::array()},
        {"is_anonymous", false},
        {"is_restricted", false},
        {"restricted_reason", nullptr},
        {"restricted_by_admin", false},
        {"restricted_by_admin_reason", nullptr},
    };
    if (server) {
        user["primary_email_auth_enabled"] = false;
        user["last_active_at_millis"] = actual.value("last_active_at_millis", int64_t{0});
        user["server_metadata"] = nullptr;
        user["restricted_by_admin_private_details"] = nullptr;
        user["country_code"] = nullptr;
        user["risk_scores"] = {{"sign_up", {{"bot", 0}, {"free_trial_abuse", 0}}}};
    }
    if (changes.is_object()) {
        for (const auto& [key, value] : changes.items()) {
            user[key] = value;
        }
    }
    return user;
}

nlohmann::json WithoutTeam(nlohmann::json user) {
    user.erase("selected_team");
    user.erase("selected_team_id");
    return user;
}

nlohmann::json JwtPart(const std::string& token, int index) {
    size_t start = 0;
    for (int part = 0; part < index; ++part) {
        start = token.find('.', start) + 1;
    }
    const auto end = token.find('.', start);
    const auto decoded = crypto::Base64UrlDecode(token.substr(start, end - start));
    if (!decoded) {
        throw std::runtime_error("not a JWT: " + token);
    }
    return nlohmann::json::parse(*decoded);
}

nlohmann::json ExpectKnownError(const HttpResponse& response, int status, const std::string& code) {
    EXPECT_EQ(response.status, status) << response.body;
    EXPECT_EQ(response.Header("x-stack-known-error"), code) << response.body;
    EXPECT_EQ(response.Header("content-type"), "application/json; charset=utf-8");
    const auto body = nlohmann::json::parse(response.body, nullptr, false);
    if (body.is_discarded()) {
        ADD_FAILURE() << "not JSON: " << response.body;
        return nullptr;
    }
    EXPECT_EQ(body.value("code", ""), code);
    return body;
}

void ExpectSchemaError(const HttpResponse& response, const std::string& method, const std::string& path,
                       const std::vector<std::string>& problems) {
    const auto body = ExpectKnownError(response, 400, "SCHEMA_ERROR");
    std::string message = "Request validation failed on " + method + " " + path + ":";
    for (const auto& problem : problems) {
        message += "\n  - " + problem;
    }
    EXPECT_EQ(body,
              nlohmann::json({{"code", "SCHEMA_ERROR"}, {"details", {{"message", message}}}, {"error", message}}));
}

void ExpectTextError(const HttpResponse& response, int status, const std::string& text) {
    EXPECT_EQ(response.status, status) << response.body;
    EXPECT_EQ(response.Header("content-type"), "text/plain; charset=utf-8");
    EXPECT_FALSE(response.HasHeader("x-stack-known-error"));
    EXPECT_EQ(response.body, text);
}

}  // namespace stackd::testing
