#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "support/test_server.hpp"

namespace stackd::testing {

// A password that passes upstream's length rules (8..70).
inline constexpr const char* kTestPassword = "correct-horse-battery";

// What every sign-in endpoint returns.
struct Tokens {
    std::string access_token;
    std::string refresh_token;
    std::string user_id;
};

// A fresh address for this process: "<tag>-<n>-<pid>@example.com".
std::string UniqueEmail(const std::string& tag);

// POST /auth/password/sign-up (client access) and /sign-in; throw unless the answer is 200.
Tokens SignUp(const TestServer& server, const std::string& email, const std::string& password = kTestPassword);
Tokens SignIn(const TestServer& server, const std::string& email, const std::string& password = kTestPassword);
// POST /auth/anonymous/sign-up (client access, no body).
Tokens SignUpAnonymously(const TestServer& server);
// POST /users with the server key; returns the created user (throws unless 201).
nlohmann::json CreateUser(const TestServer& server, const nlohmann::json& body,
                          const Headers& server_headers = TestServer::ServerHeaders());
// POST /auth/sessions with the server key for `user_id` (throws unless 200).
Tokens CreateSession(const TestServer& server, const std::string& user_id,
                     const Headers& server_headers = TestServer::ServerHeaders());

// `headers` plus x-stack-access-token (and x-stack-refresh-token when given).
Headers WithTokens(Headers headers, const std::string& access_token, const std::string& refresh_token = "");
Headers ClientAuth(const std::string& access_token);
Headers ServerAuth(const std::string& access_token);

// Requests with a JSON body for any method (PATCH, DELETE...).
HttpResponse SendJson(const TestServer& server, const std::string& method, const std::string& path,
                      const nlohmann::json& body, const Headers& headers);

// POST /auth/sessions/current/refresh with `refresh_token` (client access, no access token).
HttpResponse Refresh(const TestServer& server, const std::string& refresh_token,
                     const Headers& headers = TestServer::ClientHeaders());

// Moves the server's clock (STACKD_TEST_MODE) `offset_ms` ahead of real time.
void SetClockOffset(const TestServer& server, int64_t offset_ms);

// Creates project `project_id` (branch main) with server key `server_key` directly in the
// server's database, as another writer would.
void CreateProjectInDatabase(const TestServer& server, const std::string& project_id, const std::string& server_key);
Headers ServerHeadersFor(const std::string& project_id, const std::string& server_key);

// The user object (resources.md §1.1) in the client or server shape, every field at its
// default, id and timestamps copied from `actual`, then `changes` applied on top.
nlohmann::json ExpectedUser(const nlohmann::json& actual, bool server, const nlohmann::json& changes = nullptr);
// The same without the personal-team fields, for users created by sign-up in `internal`
// (upstream gives them a personal team; stackd's teams arrive later).
nlohmann::json WithoutTeam(nlohmann::json user);

// The decoded JSON of part `index` (0: header, 1: payload) of a compact JWS.
nlohmann::json JwtPart(const std::string& token, int index);

// Asserts a known error: status, x-stack-known-error, JSON content type and body.code.
// Returns the parsed body (null when the body is not JSON).
nlohmann::json ExpectKnownError(const HttpResponse& response, int status, const std::string& code);
// SCHEMA_ERROR with exactly these problem lines for METHOD PATH.
void ExpectSchemaError(const HttpResponse& response, const std::string& method, const std::string& path,
                       const std::vector<std::string>& problems);
// A plain-text status error.
void ExpectTextError(const HttpResponse& response, int status, const std::string& text);

}  // namespace stackd::testing
