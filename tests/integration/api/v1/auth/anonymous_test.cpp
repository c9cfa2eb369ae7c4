// POST /api/v1/auth/anonymous/sign-up (auth.md §3.6), how anonymous access tokens are
// accepted (§1.4) and the upgrade of an anonymous user by password sign-up (§3.0).
#include <gtest/gtest.h>

#include "crypto/random.hpp"
#include "support/auth_helpers.hpp"
#include "support/test_server.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

Headers AllowAnonymous(Headers headers) {
    headers.emplace_back("x-stack-allow-anonymous-user", "true");
    return headers;
}

class AnonymousTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server_ = new TestServer(); }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }

    static HttpResponse PasswordSignUp(const std::string& email, const Headers& headers) {
        return server_->Post("/api/v1/auth/password/sign-up",
                             json{{"email", email}, {"password", kTestPassword}}.dump(), headers);
    }

    static TestServer* server_;
};
TestServer* AnonymousTest::server_ = nullptr;

TEST_F(AnonymousTest, SignUpCreatesAnAnonymousUserAndSession) {
    const auto response = server_->Request("POST", "/api/v1/auth/anonymous/sign-up", TestServer::ClientHeaders());
    ASSERT_EQ(response.status, 200) << response.body;
    const auto body = response.Json();
    ASSERT_EQ(body.size(), 3u) << body;
    EXPECT_TRUE(crypto::IsUuid(body["user_id"]));
    EXPECT_EQ(body["refresh_token"].get<std::string>().size(), 45u);

    // The token uses the anonymous audience and issuer.
    const auto claims = JwtPart(body["access_token"], 1);
    EXPECT_EQ(claims["sub"], body["user_id"]);
    EXPECT_EQ(claims["aud"], "internal:anon");
    const std::string issuer = claims["iss"];
    EXPECT_NE(issuer.find("/api/v1/projects-anonymous-users/internal"), std::string::npos) << issuer;
    EXPECT_EQ(claims["is_anonymous"], true);
    EXPECT_EQ(claims["is_restricted"], true);
    EXPECT_EQ(claims["restricted_reason"], json({{"type", "anonymous"}}));
    EXPECT_EQ(claims["email"], nullptr);

    // The route declares neither body nor query, so neither is checked.
    EXPECT_EQ(server_->Post("/api/v1/auth/anonymous/sign-up", R"({"anything": 1})", TestServer::ClientHeaders()).status,
              200);
    EXPECT_EQ(server_->Request("POST", "/api/v1/auth/anonymous/sign-up?x=1", TestServer::ClientHeaders()).status, 200);
    ExpectKnownError(server_->Request("POST", "/api/v1/auth/anonymous/sign-up"), 400, "ACCESS_TYPE_REQUIRED");
}

TEST_F(AnonymousTest, AnonymousTokensNeedTheAllowHeader) {
    const auto tokens = SignUpAnonymously(*server_);
    const json expected = {
        {"code", "ANONYMOUS_AUTHENTICATION_NOT_ALLOWED"},
        {"error",
         "X-Stack-Access-Token is for an anonymous user, but anonymous users are not enabled. Set the "
         "X-Stack-Allow-Anonymous-User header of this request to 'true' to allow anonymous users."}};
    EXPECT_EQ(ExpectKnownError(server_->Get("/api/v1/users/me", ClientAuth(tokens.access_token)), 401,
                               "ANONYMOUS_AUTHENTICATION_NOT_ALLOWED"),
              expected);
    // Allowing restricted users is not enough; any endpoint refuses the token.
    auto restricted_only = ClientAuth(tokens.access_token);
    restricted_only.emplace_back("x-stack-allow-restricted-user", "true");
    ExpectKnownError(server_->Get("/api/v1/users/me", restricted_only), 401, "ANONYMOUS_AUTHENTICATION_NOT_ALLOWED");
    ExpectKnownError(server_->Get("/api/v1/auth/sessions?user_id=me", ClientAuth(tokens.access_token)), 401,
                     "ANONYMOUS_AUTHENTICATION_NOT_ALLOWED");
    ExpectKnownError(server_->Get("/api/v1/users", ServerAuth(tokens.access_token)), 401,
                     "ANONYMOUS_AUTHENTICATION_NOT_ALLOWED");
}

TEST_F(AnonymousTest, WithTheAllowHeaderTheUserIsAnonymousAndRestricted) {
    const auto tokens = SignUpAnonymously(*server_);
    const auto response = server_->Get("/api/v1/users/me", AllowAnonymous(ClientAuth(tokens.access_token)));
    ASSERT_EQ(response.status, 200) << response.body;
    const auto me = response.Json();
    EXPECT_EQ(WithoutTeam(me), WithoutTeam(ExpectedUser(me, false,
                                                        {{"id", tokens.user_id},
                                                         {"is_anonymous", true},
                                                         {"is_restricted", true},
                                                         {"restricted_reason", {{"type", "anonymous"}}}})));

    // Lists leave anonymous users out unless asked.
    const std::string query = "/api/v1/users?query=" + tokens.user_id;
    EXPECT_TRUE(server_->Get(query, TestServer::ServerHeaders()).Json()["items"].empty());
    const auto listed = server_->Get(query + "&include_anonymous=true", TestServer::ServerHeaders()).Json()["items"];
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0]["is_anonymous"], true);
}

TEST_F(AnonymousTest, PasswordSignUpUpgradesTheSameUser) {
    const auto anonymous = SignUpAnonymously(*server_);
    const auto before = server_->Get("/api/v1/users/me", AllowAnonymous(ClientAuth(anonymous.access_token))).Json();
    const std::string email = UniqueEmail("upgrade");

    // The anonymous token is refused without the header, here as anywhere.
    ExpectKnownError(PasswordSignUp(email, ClientAuth(anonymous.access_token)), 401,
                     "ANONYMOUS_AUTHENTICATION_NOT_ALLOWED");

    const auto response = PasswordSignUp(email, AllowAnonymous(ClientAuth(anonymous.access_token)));
    ASSERT_EQ(response.status, 200) << response.body;
    const auto upgraded = response.Json();
    EXPECT_EQ(upgraded["user_id"], anonymous.user_id);
    const auto claims = JwtPart(upgraded["access_token"], 1);
    EXPECT_EQ(claims["aud"], "internal");
    EXPECT_EQ(claims["is_anonymous"], false);

    // A normal user now: no allow header needed.
    const auto me = server_->Get("/api/v1/users/me", ClientAuth(upgraded["access_token"])).Json();
    EXPECT_EQ(
        WithoutTeam(me),
        WithoutTeam(ExpectedUser(
            me, false,
            {{"id", anonymous.user_id}, {"primary_email", email}, {"has_password", true}, {"auth_with_email", true}})));
    EXPECT_GE(me["signed_up_at_millis"].get<int64_t>(), before["signed_up_at_millis"].get<int64_t>());
    EXPECT_EQ(SignIn(*server_, email).user_id, anonymous.user_id);

    // The old anonymous session lives on and now mints normal tokens.
    const auto refreshed = Refresh(*server_, anonymous.refresh_token);
    ASSERT_EQ(refreshed.status, 200) << refreshed.body;
    EXPECT_EQ(JwtPart(refreshed.Json()["access_token"], 1)["is_anonymous"], false);
    // The old anonymous token (with the header) now reads the upgraded user.
    EXPECT_EQ(
        server_->Get("/api/v1/users/me", AllowAnonymous(ClientAuth(anonymous.access_token))).Json()["is_anonymous"],
        false);
}

TEST_F(AnonymousTest, UpgradingToATakenEmailFails) {
    const std::string email = UniqueEmail("taken-upgrade");
    SignUp(*server_, email);
    const auto anonymous = SignUpAnonymously(*server_);
    ExpectKnownError(PasswordSignUp(email, AllowAnonymous(ClientAuth(anonymous.access_token))), 409,
                     "USER_EMAIL_ALREADY_EXISTS");
    const auto me = server_->Get("/api/v1/users/me", AllowAnonymous(ClientAuth(anonymous.access_token))).Json();
    EXPECT_EQ(me["is_anonymous"], true);
    EXPECT_EQ(me["primary_email"], nullptr);
}

TEST_F(AnonymousTest, OnlyAnonymousUsersAreUpgraded) {
    // A signed-in normal user who signs up again gets a second account.
    const auto first = SignUp(*server_, UniqueEmail("first"));
    const auto response = PasswordSignUp(UniqueEmail("second"), ClientAuth(first.access_token));
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_NE(response.Json()["user_id"], first.user_id);

    // Signing in to an existing account leaves the anonymous user alone.
    const std::string email = UniqueEmail("existing");
    const auto existing = SignUp(*server_, email);
    const auto anonymous = SignUpAnonymously(*server_);
    const auto signed_in =
        server_->Post("/api/v1/auth/password/sign-in", json{{"email", email}, {"password", kTestPassword}}.dump(),
                      AllowAnonymous(ClientAuth(anonymous.access_token)));
    ASSERT_EQ(signed_in.status, 200) << signed_in.body;
    EXPECT_EQ(signed_in.Json()["user_id"], existing.user_id);
    EXPECT_EQ(
        server_->Get("/api/v1/users/me", AllowAnonymous(ClientAuth(anonymous.access_token))).Json()["is_anonymous"],
        true);
}

}  // namespace
}  // namespace stackd::testing
