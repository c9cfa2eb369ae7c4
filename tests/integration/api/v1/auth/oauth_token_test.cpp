// POST /api/v1/auth/oauth/token with grant_type=refresh_token (auth.md §3.3.3): the SDK's
// way of refreshing an access token.
#include <gtest/gtest.h>

#include <algorithm>

#include "crypto/base64url.hpp"
#include "support/auth_helpers.hpp"
#include "support/test_server.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

class OAuthTokenTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server_ = new TestServer(); }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }

    // A form-encoded token request, as the SDK sends it (no x-stack-* headers needed).
    static HttpResponse Token(const std::string& form, Headers headers = {}) {
        headers.emplace_back("content-type", "application/x-www-form-urlencoded");
        return server_->Request("POST", "/api/v1/auth/oauth/token", headers, form);
    }
    static std::string RefreshForm(const std::string& refresh_token,
                                   const std::string& client_secret = kDevPublishableKey,
                                   const std::string& client_id = "internal") {
        return "grant_type=refresh_token&client_id=" + client_id + "&client_secret=" + client_secret +
               "&refresh_token=" + refresh_token;
    }
    static void ExpectTokenResponse(const HttpResponse& response, const Tokens& tokens) {
        ASSERT_EQ(response.status, 200) << response.body;
        EXPECT_EQ(response.Header("cache-control"), "no-store");
        EXPECT_EQ(response.Header("pragma"), "no-cache");
        EXPECT_EQ(response.Header("content-type"), "application/json; charset=utf-8");
        auto body = response.Json();
        const std::string access_token = body["access_token"];
        const int64_t expires_in = body["expires_in"];
        EXPECT_TRUE(expires_in == 3599 || expires_in == 3600) << expires_in;  // the OAuth library's hour
        body.erase("access_token");
        body.erase("expires_in");
        EXPECT_EQ(body, json({{"token_type", "Bearer"},
                              {"scope", "legacy"},
                              {"afterCallbackRedirectUrl", nullptr},
                              {"after_callback_redirect_url", nullptr}}));
        // A token of the same session; no new refresh token.
        const auto claims = JwtPart(access_token, 1);
        EXPECT_EQ(claims["sub"], tokens.user_id);
        EXPECT_EQ(claims["refresh_token_id"], JwtPart(tokens.access_token, 1)["refresh_token_id"]);
        EXPECT_EQ(server_->Get("/api/v1/users/me", ClientAuth(access_token)).Json()["id"], tokens.user_id);
    }

    static TestServer* server_;
};
TestServer* OAuthTokenTest::server_ = nullptr;

TEST_F(OAuthTokenTest, TheRefreshGrantMintsAnAccessToken) {
    const auto tokens = SignUp(*server_, UniqueEmail("grant"));
    ExpectTokenResponse(Token(RefreshForm(tokens.refresh_token)), tokens);
    // The refresh token is not rotated: it works again.
    ExpectTokenResponse(Token(RefreshForm(tokens.refresh_token)), tokens);
}

TEST_F(OAuthTokenTest, ClientCredentialsMayComeInOtherForms) {
    const auto tokens = SignUp(*server_, UniqueEmail("credentials"));
    // HTTP Basic authentication.
    std::string basic = crypto::Base64UrlEncode(std::string("internal:") + kDevPublishableKey);
    std::replace(basic.begin(), basic.end(), '-', '+');  // standard alphabet, padded
    std::replace(basic.begin(), basic.end(), '_', '/');
    basic.append((4 - basic.size() % 4) % 4, '=');
    ExpectTokenResponse(
        Token("grant_type=refresh_token&refresh_token=" + tokens.refresh_token, {{"authorization", "Basic " + basic}}),
        tokens);
    // The public sentinel, accepted while the project does not require publishable keys.
    ExpectTokenResponse(Token(RefreshForm(tokens.refresh_token, "__stack_public_client__")), tokens);
    // A JSON body works as well as a form.
    ExpectTokenResponse(server_->Post("/api/v1/auth/oauth/token", json{{"grant_type", "refresh_token"},
                                                                       {"client_id", "internal"},
                                                                       {"client_secret", kDevPublishableKey},
                                                                       {"refresh_token", tokens.refresh_token}}
                                                                      .dump()),
                        tokens);
}

TEST_F(OAuthTokenTest, UnusableRefreshTokensAreRefused) {
    const json expected = {
        {"code", "REFRESH_TOKEN_NOT_FOUND_OR_EXPIRED"},
        {"error", "Refresh token not found for this project, or the session has expired/been revoked."}};
    EXPECT_EQ(ExpectKnownError(Token(RefreshForm("not-a-refresh-token")), 401, "REFRESH_TOKEN_NOT_FOUND_OR_EXPIRED"),
              expected);
    // A signed-out session.
    const auto tokens = SignUp(*server_, UniqueEmail("signed-out"));
    ASSERT_EQ(server_->Request("DELETE", "/api/v1/auth/sessions/current", ClientAuth(tokens.access_token)).status, 200);
    EXPECT_EQ(ExpectKnownError(Token(RefreshForm(tokens.refresh_token)), 401, "REFRESH_TOKEN_NOT_FOUND_OR_EXPIRED"),
              expected);
}

TEST_F(OAuthTokenTest, ARefreshTokenOnlyWorksForItsProject) {
    const std::string project = "2c9d4e6f-7a8b-4c1d-9e2f-3a4b5c6d7e8f";
    CreateProjectInDatabase(*server_, project, "ssk_oauth-token-test-key");
    const auto tokens = SignUp(*server_, UniqueEmail("other-project"));
    ExpectKnownError(Token(RefreshForm(tokens.refresh_token, "__stack_public_client__", project)), 401,
                     "REFRESH_TOKEN_NOT_FOUND_OR_EXPIRED");
}

TEST_F(OAuthTokenTest, BadClientCredentials) {
    const auto tokens = SignUp(*server_, UniqueEmail("bad-client"));
    const json expected = {
        {"code", "INVALID_OAUTH_CLIENT_ID_OR_SECRET"},
        {"details", {{"client_id", nullptr}}},
        {"error",
         "The OAuth client ID or secret is invalid. The client ID must be equal to the project ID "
         "(potentially with a hash and a branch ID), and the client secret must be a publishable client "
         "key."}};
    // A wrong secret, no secret, and an unknown client.
    for (const auto& form :
         {RefreshForm(tokens.refresh_token, "pck_wrong"),
          "grant_type=refresh_token&client_id=internal&refresh_token=" + tokens.refresh_token,
          RefreshForm(tokens.refresh_token, kDevPublishableKey, "7e3c1a2b-4d5e-4f60-8a1b-2c3d4e5f6071"),
          "grant_type=refresh_token&refresh_token=" + tokens.refresh_token}) {
        EXPECT_EQ(ExpectKnownError(Token(form), 400, "INVALID_OAUTH_CLIENT_ID_OR_SECRET"), expected) << form;
    }
}

TEST_F(OAuthTokenTest, MalformedRequests) {
    // The route's schema runs first.
    ExpectSchemaError(Token("client_id=internal&client_secret=x"), "POST", "/api/v1/auth/oauth/token",
                      {"body.grant_type must be defined"});
    ExpectSchemaError(Token("grant_type=password&client_id=internal"), "POST", "/api/v1/auth/oauth/token",
                      {"body.grant_type must be one of the following values: authorization_code, refresh_token"});
    // A missing grant parameter is the OAuth library's own error shape.
    const auto response =
        Token(std::string("grant_type=refresh_token&client_id=internal&client_secret=") + kDevPublishableKey);
    EXPECT_EQ(response.status, 400) << response.body;
    EXPECT_FALSE(response.HasHeader("x-stack-known-error"));
    EXPECT_EQ(response.Header("content-type"), "application/json; charset=utf-8");
    EXPECT_EQ(response.Json(),
              json({{"error", "invalid_request"}, {"error_description", "Missing parameter: `refresh_token`"}}));
}

}  // namespace
}  // namespace stackd::testing
