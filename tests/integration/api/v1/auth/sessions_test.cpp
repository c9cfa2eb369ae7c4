// /api/v1/auth/sessions[...] (auth.md §2.5–§2.6) and access token expiry and tampering
// (§2.3), with the server's test clock standing in for waiting.
#include <gtest/gtest.h>

#include <ctime>

#include "crypto/base64url.hpp"
#include "crypto/random.hpp"
#include "support/auth_helpers.hpp"
#include "support/test_server.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

constexpr int64_t kMaxSessionMillis = 31708800000;  // 367 days
constexpr const char* kUnknownId = "5b7e1f0c-2d3a-4b5c-8d6e-7f8091a2b3c4";
constexpr const char* kDebugInfo =
    "\n\nDebug info: Most likely, you fetched the access token before it expired (for example, in a server "
    "component, pre-rendered page, or on page load), but then didn't refresh it before it expired. If this is the "
    "case, and you're using the SDK, make sure you call getAccessToken() every time you need to use the access "
    "token. If you're not using the SDK, make sure you refresh the access token with the refresh endpoint.";

// JavaScript's Date#toISOString for a whole second.
std::string IsoSeconds(int64_t seconds) {
    const std::time_t time = seconds;
    std::tm utc{};
    gmtime_r(&time, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S.000Z", &utc);
    return text;
}

// Moves the server clock for one scope and always moves it back.
class ClockOffset {
public:
    ClockOffset(const TestServer& server, int64_t offset_ms) : server_(server) { SetClockOffset(server_, offset_ms); }
    ~ClockOffset() { SetClockOffset(server_, 0); }
    ClockOffset(const ClockOffset&) = delete;
    ClockOffset& operator=(const ClockOffset&) = delete;

private:
    const TestServer& server_;
};

class SessionsTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server_ = new TestServer(); }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }

    static HttpResponse CreateSessionRequest(const json& body, const Headers& headers = TestServer::ServerHeaders()) {
        return server_->Post("/api/v1/auth/sessions", body.dump(), headers);
    }
    static HttpResponse List(const std::string& user_id, const Headers& headers) {
        return server_->Get("/api/v1/auth/sessions?user_id=" + user_id, headers);
    }
    static HttpResponse DeleteSession(const std::string& id, const Headers& headers,
                                      const std::string& user_id = "me") {
        return server_->Request("DELETE", "/api/v1/auth/sessions/" + id + "?user_id=" + user_id, headers);
    }
    static std::string SessionIdOf(const std::string& access_token) {
        return JwtPart(access_token, 1)["refresh_token_id"];
    }

    static TestServer* server_;
};
TestServer* SessionsTest::server_ = nullptr;

TEST_F(SessionsTest, CreatingSessionsIsForTheServer) {
    const auto tokens = SignUp(*server_, UniqueEmail("client-create"));
    const auto body =
        ExpectKnownError(CreateSessionRequest({{"user_id", tokens.user_id}}, ClientAuth(tokens.access_token)), 401,
                         "INSUFFICIENT_ACCESS_TYPE");
    EXPECT_EQ(body["details"], json({{"actual_access_type", "client"}, {"allowed_access_types", {"server", "admin"}}}));
}

TEST_F(SessionsTest, TheServerCreatesSessionsForExistingUsers) {
    const auto user = CreateUser(*server_, json::object());
    const std::string user_id = user["id"];
    const auto response = CreateSessionRequest({{"user_id", user_id}});
    ASSERT_EQ(response.status, 200) << response.body;
    const auto body = response.Json();
    ASSERT_EQ(body.size(), 2u) << body;
    EXPECT_EQ(body["refresh_token"].get<std::string>().size(), 45u);
    const auto claims = JwtPart(body["access_token"], 1);
    EXPECT_EQ(claims["sub"], user_id);
    EXPECT_EQ(claims["project_id"], "internal");
    EXPECT_TRUE(crypto::IsUuid(claims["refresh_token_id"]));
    EXPECT_EQ(server_->Get("/api/v1/users/me", ClientAuth(body["access_token"])).Json()["id"], user_id);
    EXPECT_EQ(Refresh(*server_, body["refresh_token"]).status, 200);
    // The longest allowed lifetime, and `me` through the caller's own token.
    EXPECT_EQ(CreateSessionRequest({{"user_id", user_id}, {"expires_in_millis", kMaxSessionMillis}}).status, 200);
    const auto via_me = CreateSessionRequest({{"user_id", "me"}}, ServerAuth(body["access_token"]));
    ASSERT_EQ(via_me.status, 200) << via_me.body;
    EXPECT_EQ(JwtPart(via_me.Json()["access_token"], 1)["sub"], user_id);
}

TEST_F(SessionsTest, CreateValidatesTheUserAndTheLifetime) {
    const auto body = ExpectKnownError(CreateSessionRequest({{"user_id", kUnknownId}}), 400, "USER_ID_DOES_NOT_EXIST");
    EXPECT_EQ(body, json({{"code", "USER_ID_DOES_NOT_EXIST"},
                          {"details", {{"user_id", kUnknownId}}},
                          {"error", std::string("The given user with the ID ") + kUnknownId + " does not exist."}}));
    const auto user = CreateUser(*server_, json::object());
    ExpectSchemaError(CreateSessionRequest({{"user_id", user["id"]}, {"expires_in_millis", kMaxSessionMillis + 1}}),
                      "POST", "/api/v1/auth/sessions",
                      {"body.expires_in_millis must be less than or equal to 31708800000"});
    ExpectSchemaError(CreateSessionRequest(json::object()), "POST", "/api/v1/auth/sessions",
                      {"body.user_id must be defined"});
    ExpectSchemaError(CreateSessionRequest({{"user_id", "someone"}}), "POST", "/api/v1/auth/sessions",
                      {"body.user_id must be a valid UUID"});
    ExpectKnownError(CreateSessionRequest({{"user_id", "me"}}), 400, "CANNOT_GET_OWN_USER_WITHOUT_USER");
}

TEST_F(SessionsTest, ASessionEndsWhenItExpires) {
    const auto user = CreateUser(*server_, json::object());
    const auto response = CreateSessionRequest({{"user_id", user["id"]}, {"expires_in_millis", 60000}});
    ASSERT_EQ(response.status, 200) << response.body;
    const std::string refresh_token = response.Json()["refresh_token"];
    {
        ClockOffset clock(*server_, 30000);
        EXPECT_EQ(Refresh(*server_, refresh_token).status, 200);
    }
    ClockOffset clock(*server_, 61000);
    ExpectKnownError(Refresh(*server_, refresh_token), 401, "REFRESH_TOKEN_NOT_FOUND_OR_EXPIRED");
}

TEST_F(SessionsTest, ListingShowsTheCallersSessionsNewestFirst) {
    const auto tokens = SignUp(*server_, UniqueEmail("list"));
    ClockOffset later(*server_, 1000);  // a strictly later creation time
    const auto other = CreateSession(*server_, tokens.user_id);
    const auto response = List("me", ClientAuth(tokens.access_token));
    ASSERT_EQ(response.status, 200) << response.body;
    const auto body = response.Json();
    EXPECT_EQ(body["is_paginated"], false);
    EXPECT_FALSE(body.contains("pagination"));
    ASSERT_EQ(body["items"].size(), 2u);
    const auto& newest = body["items"][0];
    const auto& oldest = body["items"][1];
    EXPECT_EQ(newest["id"], SessionIdOf(other.access_token));
    EXPECT_EQ(oldest["id"], SessionIdOf(tokens.access_token));
    EXPECT_EQ(newest["is_current_session"], false);
    EXPECT_EQ(oldest["is_current_session"], true);
    for (const auto& session : body["items"]) {
        EXPECT_EQ(session["user_id"], tokens.user_id);
        EXPECT_EQ(session["is_impersonation"], false);
        EXPECT_TRUE(session["created_at"].is_number_integer());
        EXPECT_GE(session["last_used_at"].get<int64_t>(), session["created_at"].get<int64_t>());
        // Optional field: the caller's IP as seen when the session was last used.
        auto without_ip = session;
        without_ip.erase("last_used_at_end_user_ip_info");
        EXPECT_EQ(without_ip.size(), 6u) << session;
    }
    EXPECT_GT(newest["created_at"].get<int64_t>(), oldest["created_at"].get<int64_t>());
    // The explicit id works as `me` does; the server may list anyone's.
    EXPECT_EQ(List(tokens.user_id, ClientAuth(tokens.access_token)).Json(), body);
    EXPECT_EQ(List(tokens.user_id, TestServer::ServerHeaders()).Json()["items"].size(), 2u);
}

TEST_F(SessionsTest, ListingHasItsRules) {
    const auto mine = SignUp(*server_, UniqueEmail("list-mine"));
    const auto theirs = SignUp(*server_, UniqueEmail("list-theirs"));
    ExpectTextError(List(theirs.user_id, ClientAuth(mine.access_token)), 403,
                    "Client can only list sessions for their own user.");
    // A client without a user is told so first, whichever user it names.
    ExpectKnownError(List(theirs.user_id, TestServer::ClientHeaders()), 400, "CANNOT_GET_OWN_USER_WITHOUT_USER");
    ExpectKnownError(List("me", TestServer::ClientHeaders()), 400, "CANNOT_GET_OWN_USER_WITHOUT_USER");
    ExpectSchemaError(server_->Get("/api/v1/auth/sessions", TestServer::ServerHeaders()), "GET",
                      "/api/v1/auth/sessions", {"query.user_id must be defined"});
    ExpectSchemaError(List("not-a-uuid", TestServer::ServerHeaders()), "GET", "/api/v1/auth/sessions",
                      {"query.user_id must be a valid UUID"});
    ExpectSchemaError(server_->Get("/api/v1/auth/sessions?user_id=me&limit=1", ClientAuth(mine.access_token)), "GET",
                      "/api/v1/auth/sessions", {"query contains unknown properties: limit"});
}

TEST_F(SessionsTest, ImpersonationSessionsAreForAdminsEyesOnly) {
    const auto tokens = SignUp(*server_, UniqueEmail("impersonated"));
    ClockOffset later(*server_, 1000);  // a strictly later creation time
    const auto response = CreateSessionRequest({{"user_id", tokens.user_id}, {"is_impersonation", true}});
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(List("me", ClientAuth(tokens.access_token)).Json()["items"].size(), 1u);
    EXPECT_EQ(List(tokens.user_id, TestServer::ServerHeaders()).Json()["items"].size(), 1u);
    const auto admin = List(tokens.user_id, TestServer::AdminHeaders()).Json()["items"];
    ASSERT_EQ(admin.size(), 2u);
    EXPECT_EQ(admin[0]["is_impersonation"], true);
    EXPECT_EQ(admin[0]["id"], SessionIdOf(response.Json()["access_token"]));
}

TEST_F(SessionsTest, DeletingAnotherSessionRevokesIt) {
    const auto tokens = SignUp(*server_, UniqueEmail("delete-other"));
    const auto other = CreateSession(*server_, tokens.user_id);
    const auto response = DeleteSession(SessionIdOf(other.access_token), ClientAuth(tokens.access_token));
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.Json(), json({{"success", true}}));
    ExpectKnownError(Refresh(*server_, other.refresh_token), 401, "REFRESH_TOKEN_NOT_FOUND_OR_EXPIRED");
    const auto remaining = List("me", ClientAuth(tokens.access_token)).Json()["items"];
    ASSERT_EQ(remaining.size(), 1u);
    EXPECT_EQ(remaining[0]["is_current_session"], true);
    EXPECT_EQ(Refresh(*server_, tokens.refresh_token).status, 200);
    // Gone now.
    ExpectTextError(DeleteSession(SessionIdOf(other.access_token), ClientAuth(tokens.access_token)), 404,
                    "Session not found.");
}

TEST_F(SessionsTest, TheCurrentSessionCannotBeDeletedById) {
    const auto tokens = SignUp(*server_, UniqueEmail("delete-current"));
    const auto body = ExpectKnownError(DeleteSession(SessionIdOf(tokens.access_token), ClientAuth(tokens.access_token)),
                                       400, "CANNOT_DELETE_CURRENT_SESSION");
    EXPECT_EQ(body, json({{"code", "CANNOT_DELETE_CURRENT_SESSION"}, {"error", "Cannot delete the current session."}}));
    EXPECT_EQ(Refresh(*server_, tokens.refresh_token).status, 200);
}

TEST_F(SessionsTest, DeletingByIdHasItsRules) {
    const auto mine = SignUp(*server_, UniqueEmail("delete-mine"));
    const auto theirs = SignUp(*server_, UniqueEmail("delete-theirs"));
    // A client cannot see another user's session; the user_id query does not matter.
    ExpectTextError(DeleteSession(SessionIdOf(theirs.access_token), ClientAuth(mine.access_token), theirs.user_id), 404,
                    "Session not found.");
    ExpectTextError(DeleteSession(kUnknownId, ClientAuth(mine.access_token)), 404, "Session not found.");
    ExpectSchemaError(
        server_->Request("DELETE", std::string("/api/v1/auth/sessions/") + kUnknownId, ClientAuth(mine.access_token)),
        "DELETE", std::string("/api/v1/auth/sessions/") + kUnknownId, {"query.user_id must be defined"});
    ExpectSchemaError(DeleteSession("not-a-uuid", ClientAuth(mine.access_token)), "DELETE",
                      "/api/v1/auth/sessions/not-a-uuid", {"params.id must be a valid UUID"});
    ExpectKnownError(DeleteSession(kUnknownId, TestServer::ClientHeaders()), 400, "CANNOT_GET_OWN_USER_WITHOUT_USER");
    // The server may delete any session of the project.
    const auto response = DeleteSession(SessionIdOf(theirs.access_token), TestServer::ServerHeaders(), theirs.user_id);
    EXPECT_EQ(response.status, 200) << response.body;
    ExpectKnownError(Refresh(*server_, theirs.refresh_token), 401, "REFRESH_TOKEN_NOT_FOUND_OR_EXPIRED");
}

TEST_F(SessionsTest, SigningOutEndsTheCurrentSession) {
    const auto tokens = SignUp(*server_, UniqueEmail("sign-out"));
    const auto response = server_->Request("DELETE", "/api/v1/auth/sessions/current", ClientAuth(tokens.access_token));
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.Json(), json({{"success", true}}));
    const auto body =
        ExpectKnownError(Refresh(*server_, tokens.refresh_token), 401, "REFRESH_TOKEN_NOT_FOUND_OR_EXPIRED");
    EXPECT_EQ(body, json({{"code", "REFRESH_TOKEN_NOT_FOUND_OR_EXPIRED"},
                          {"error",
                           "Refresh token not found for this project, or the session has expired/been "
                           "revoked."}}));
    // The access token itself stays valid until it expires, but its session is gone.
    EXPECT_EQ(server_->Get("/api/v1/users/me", ClientAuth(tokens.access_token)).status, 200);
    ExpectKnownError(server_->Request("DELETE", "/api/v1/auth/sessions/current", ClientAuth(tokens.access_token)), 401,
                     "REFRESH_TOKEN_NOT_FOUND_OR_EXPIRED");
}

TEST_F(SessionsTest, SigningOutWithoutAnAccessTokenIsAnExpiredToken) {
    const auto response = server_->Request("DELETE", "/api/v1/auth/sessions/current", TestServer::ClientHeaders());
    const auto body = ExpectKnownError(response, 401, "ACCESS_TOKEN_EXPIRED");
    const int64_t now = body["details"]["expired_at_millis"];
    EXPECT_GT(now, 0);
    EXPECT_EQ(body["details"], json({{"expired_at_millis", now},
                                     {"project_id", nullptr},
                                     {"user_id", nullptr},
                                     {"refresh_token_id", nullptr}}));
    const std::string error = body["error"];
    EXPECT_EQ(
        error.rfind("Access token has expired. Please refresh it and try again. (The access token expired at ", 0), 0u);
    EXPECT_EQ(error.find("Project ID"), std::string::npos) << error;
    EXPECT_EQ(error.substr(error.find(".)") + 2), kDebugInfo);
}

TEST_F(SessionsTest, RefreshMintsANewAccessTokenForTheSameSession) {
    const auto tokens = SignUp(*server_, UniqueEmail("refresh"));
    const auto response = Refresh(*server_, tokens.refresh_token);
    ASSERT_EQ(response.status, 200) << response.body;
    const auto body = response.Json();
    ASSERT_EQ(body.size(), 1u) << body;  // no new refresh token
    const auto claims = JwtPart(body["access_token"], 1);
    EXPECT_EQ(claims["sub"], tokens.user_id);
    EXPECT_EQ(claims["refresh_token_id"], SessionIdOf(tokens.access_token));
    EXPECT_EQ(server_->Get("/api/v1/users/me", ClientAuth(body["access_token"])).Json()["id"], tokens.user_id);
    // The refresh token is not rotated.
    EXPECT_EQ(Refresh(*server_, tokens.refresh_token).status, 200);
    // No query schema: extra parameters are not checked.
    auto headers = TestServer::ClientHeaders();
    headers.emplace_back("x-stack-refresh-token", tokens.refresh_token);
    EXPECT_EQ(server_->Request("POST", "/api/v1/auth/sessions/current/refresh?x=1", headers).status, 200);
}

TEST_F(SessionsTest, RefreshNeedsAValidRefreshToken) {
    ExpectSchemaError(server_->Request("POST", "/api/v1/auth/sessions/current/refresh", TestServer::ClientHeaders()),
                      "POST", "/api/v1/auth/sessions/current/refresh",
                      {"headers.x-stack-refresh-token must be defined"});
    ExpectKnownError(Refresh(*server_, "something-invalid"), 401, "REFRESH_TOKEN_NOT_FOUND_OR_EXPIRED");
    ExpectKnownError(
        server_->Request("POST", "/api/v1/auth/sessions/current/refresh", {{"x-stack-refresh-token", "whatever"}}), 400,
        "ACCESS_TYPE_REQUIRED");
}

TEST_F(SessionsTest, AccessTokensExpire) {
    const auto tokens = SignUp(*server_, UniqueEmail("expiry"));
    const auto claims = JwtPart(tokens.access_token, 1);
    const int64_t exp = claims["exp"];
    EXPECT_EQ(exp - claims["iat"].get<int64_t>(), 600);  // the default 10 minutes

    ClockOffset clock(*server_, 3600000);
    const auto body = ExpectKnownError(server_->Get("/api/v1/users/me", ClientAuth(tokens.access_token)), 401,
                                       "ACCESS_TOKEN_EXPIRED");
    const std::string session_id = claims["refresh_token_id"];
    EXPECT_EQ(body, json({{"code", "ACCESS_TOKEN_EXPIRED"},
                          {"details",
                           {{"expired_at_millis", exp * 1000},
                            {"project_id", "internal"},
                            {"user_id", tokens.user_id},
                            {"refresh_token_id", session_id}}},
                          {"error",
                           "Access token has expired. Please refresh it and try again. (The access token "
                           "expired at " +
                               IsoSeconds(exp) + ".) Project ID: internal. User ID: " + tokens.user_id +
                               ". Refresh token ID: " + session_id + "." + kDebugInfo}}));
    // An expired token fails even the refresh endpoint; without it, refreshing works.
    ExpectKnownError(Refresh(*server_, tokens.refresh_token, ClientAuth(tokens.access_token)), 401,
                     "ACCESS_TOKEN_EXPIRED");
    const auto refreshed = Refresh(*server_, tokens.refresh_token);
    ASSERT_EQ(refreshed.status, 200) << refreshed.body;
    EXPECT_EQ(server_->Get("/api/v1/users/me", ClientAuth(refreshed.Json()["access_token"])).status, 200);
}

TEST_F(SessionsTest, TamperedTokensAreUnparsable) {
    const auto tokens = SignUp(*server_, UniqueEmail("tampered"));
    std::string bad_signature = tokens.access_token;
    const size_t signature = bad_signature.rfind('.') + 1;
    bad_signature[signature + 5] = bad_signature[signature + 5] == 'A' ? 'B' : 'A';
    const auto body =
        ExpectKnownError(server_->Get("/api/v1/users/me", ClientAuth(bad_signature)), 401, "UNPARSABLE_ACCESS_TOKEN");
    EXPECT_EQ(body, json({{"code", "UNPARSABLE_ACCESS_TOKEN"}, {"error", "Access token is not parsable."}}));

    // A payload edited to name another user keeps the old signature: refused too.
    auto claims = JwtPart(tokens.access_token, 1);
    claims["sub"] = kUnknownId;
    const auto first_dot = tokens.access_token.find('.');
    const auto second_dot = tokens.access_token.rfind('.');
    const std::string forged = tokens.access_token.substr(0, first_dot + 1) + crypto::Base64UrlEncode(claims.dump()) +
                               tokens.access_token.substr(second_dot);
    ExpectKnownError(server_->Get("/api/v1/users/me", ClientAuth(forged)), 401, "UNPARSABLE_ACCESS_TOKEN");

    // A bad signature is reported before expiry.
    ClockOffset clock(*server_, 3600000);
    ExpectKnownError(server_->Get("/api/v1/users/me", ClientAuth(bad_signature)), 401, "UNPARSABLE_ACCESS_TOKEN");
}

}  // namespace
}  // namespace stackd::testing
