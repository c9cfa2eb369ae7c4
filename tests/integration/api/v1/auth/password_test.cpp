// /api/v1/auth/password/{sign-up,sign-in,update,set} (auth.md §3.1).
#include <gtest/gtest.h>

#include "crypto/random.hpp"
#include "support/auth_helpers.hpp"
#include "support/test_server.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

class PasswordTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        TestServer::Options options;
        // localhost callback URLs are trusted, anything else is not.
        options.env = {{"STACK_SEED_INTERNAL_PROJECT_ALLOW_LOCALHOST", "true"}};
        server_ = new TestServer(options);
    }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }

    static HttpResponse Call(const std::string& action, const json& body,
                             const Headers& headers = TestServer::ClientHeaders()) {
        return server_->Post("/api/v1/auth/password/" + action, body.dump(), headers);
    }
    static json Me(const std::string& access_token) {
        const auto response = server_->Get("/api/v1/users/me", ServerAuth(access_token));
        EXPECT_EQ(response.status, 200) << response.body;
        return response.Json();
    }

    static TestServer* server_;
};
TestServer* PasswordTest::server_ = nullptr;

TEST_F(PasswordTest, SignUpCreatesAUserAndASession) {
    const std::string email = UniqueEmail("signup");
    const auto response = Call("sign-up", {{"email", email}, {"password", kTestPassword}});
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.Header("content-type"), "application/json; charset=utf-8");
    const auto body = response.Json();
    ASSERT_EQ(body.size(), 3u) << body;  // no is_new_user on the password endpoints
    EXPECT_TRUE(crypto::IsUuid(body["user_id"]));
    EXPECT_EQ(body["refresh_token"].get<std::string>().size(), 45u);
    EXPECT_EQ(JwtPart(body["access_token"], 1)["sub"], body["user_id"]);

    const auto me = Me(body["access_token"]);
    EXPECT_EQ(WithoutTeam(me), WithoutTeam(ExpectedUser(me, true,
                                                        {{"id", body["user_id"]},
                                                         {"primary_email", email},
                                                         {"primary_email_auth_enabled", true},
                                                         {"has_password", true},
                                                         {"auth_with_email", true}})));
    // Its refresh token works.
    EXPECT_EQ(Refresh(*server_, body["refresh_token"]).status, 200);
}

TEST_F(PasswordTest, SignUpRecordsTheRequestsCountry) {
    // No proxy is trusted here, so the geo headers of a browser request that names its client
    // IP are taken as reported (upstream's best effort).
    const auto browser = [] {
        auto headers = TestServer::ClientHeaders();
        headers.emplace_back("user-agent", "Mozilla/5.0");
        headers.emplace_back("x-forwarded-for", "203.0.113.9");
        return headers;
    };
    auto headers = browser();
    headers.emplace_back("x-vercel-ip-country", " ca ");
    const auto canadian = Call("sign-up", {{"email", UniqueEmail("country")}, {"password", kTestPassword}}, headers);
    ASSERT_EQ(canadian.status, 200) << canadian.body;
    EXPECT_EQ(Me(canadian.Json()["access_token"])["country_code"], "CA");

    headers = browser();
    headers.emplace_back("cf-ipcountry", "usa");  // not a two-letter code: no country
    const auto unknown = Call("sign-up", {{"email", UniqueEmail("country")}, {"password", kTestPassword}}, headers);
    ASSERT_EQ(unknown.status, 200) << unknown.body;
    EXPECT_TRUE(Me(unknown.Json()["access_token"])["country_code"].is_null());

    // Test servers run with NODE_ENV=test, where a tag on an @example.com address wins (upstream).
    std::string tagged = UniqueEmail("tagged");
    tagged.insert(tagged.find('@'), "+de");
    const auto german = Call("sign-up", {{"email", tagged}, {"password", kTestPassword}}, headers);
    ASSERT_EQ(german.status, 200) << german.body;
    EXPECT_EQ(Me(german.Json()["access_token"])["country_code"], "DE");

    // Upgrading an anonymous user keeps the country it already has.
    const auto anonymous = SignUpAnonymously(*server_);
    ASSERT_EQ(SendJson(*server_, "PATCH", "/api/v1/users/" + anonymous.user_id, {{"country_code", "DE"}},
                       TestServer::ServerHeaders())
                  .status,
              200);
    headers = browser();
    headers.emplace_back("x-stack-access-token", anonymous.access_token);
    headers.emplace_back("x-stack-allow-anonymous-user", "true");
    headers.emplace_back("x-vercel-ip-country", "CA");
    const auto upgraded = Call("sign-up", {{"email", UniqueEmail("country")}, {"password", kTestPassword}}, headers);
    ASSERT_EQ(upgraded.status, 200) << upgraded.body;
    EXPECT_EQ(upgraded.Json()["user_id"], anonymous.user_id);
    EXPECT_EQ(Me(upgraded.Json()["access_token"])["country_code"], "DE");
}

TEST_F(PasswordTest, SignUpAcceptsATrustedCallbackUrl) {
    const auto response = Call("sign-up", {{"email", UniqueEmail("callback")},
                                           {"password", kTestPassword},
                                           {"verification_callback_url", "http://localhost:12345/verify"}});
    EXPECT_EQ(response.status, 200) << response.body;
}

TEST_F(PasswordTest, SignUpRefusesAnUntrustedCallbackUrl) {
    const std::string email = UniqueEmail("untrusted");
    const auto response = Call(
        "sign-up",
        {{"email", email}, {"password", kTestPassword}, {"verification_callback_url", "http://invalid-domain.com"}});
    const auto body = ExpectKnownError(response, 400, "REDIRECT_URL_NOT_WHITELISTED");
    EXPECT_EQ(body, json({{"code", "REDIRECT_URL_NOT_WHITELISTED"},
                          {"error",
                           "Redirect URL not whitelisted. Did you forget to add this domain to the trusted "
                           "domains list on the Stack Auth dashboard?"}}));
    // No user was created.
    ExpectKnownError(Call("sign-in", {{"email", email}, {"password", kTestPassword}}), 400, "EMAIL_PASSWORD_MISMATCH");
    // A URL that does not parse is a schema error.
    ExpectSchemaError(
        Call("sign-up", {{"email", email}, {"password", kTestPassword}, {"verification_callback_url", "not a url"}}),
        "POST", "/api/v1/auth/password/sign-up",
        {"body.verification_callback_url contains spaces", "body.verification_callback_url is not a valid URL"});
}

TEST_F(PasswordTest, SignUpWithATakenEmailConflicts) {
    const std::string email = UniqueEmail("dupe");
    SignUp(*server_, email);
    for (const std::string& attempt : {email, "DUPE" + email.substr(4)}) {
        const auto body = ExpectKnownError(Call("sign-up", {{"email", attempt}, {"password", "another-password"}}), 409,
                                           "USER_EMAIL_ALREADY_EXISTS");
        EXPECT_EQ(body, json({{"code", "USER_EMAIL_ALREADY_EXISTS"},
                              {"details", {{"email", email}, {"would_work_if_email_was_verified", false}}},
                              {"error", "A user with email \"" + email + "\" already exists."}}));
    }
}

TEST_F(PasswordTest, PasswordLengthRules) {
    for (const char* password : {"short", ""}) {
        const auto body = ExpectKnownError(Call("sign-up", {{"email", UniqueEmail("short")}, {"password", password}}),
                                           400, "PASSWORD_TOO_SHORT");
        EXPECT_EQ(body, json({{"code", "PASSWORD_TOO_SHORT"},
                              {"details", {{"min_length", 8}}},
                              {"error", "Password too short. Minimum length is 8."}}));
    }
    // Exactly 8 and exactly 70 characters are fine.
    SignUp(*server_, UniqueEmail("eight"), "12345678");
    SignUp(*server_, UniqueEmail("seventy"), std::string(70, 'x'));
    // The schema caps the field at 70, before the handler's own PASSWORD_TOO_LONG.
    ExpectSchemaError(Call("sign-up", {{"email", UniqueEmail("long")}, {"password", std::string(71, 'x')}}), "POST",
                      "/api/v1/auth/password/sign-up", {"body.password must be at most 70 characters"});
}

TEST_F(PasswordTest, SignUpValidatesItsBody) {
    ExpectSchemaError(Call("sign-up", json::object()), "POST", "/api/v1/auth/password/sign-up",
                      {"body.email must be defined", "body.password must be defined"});
    ExpectSchemaError(Call("sign-up", {{"email", "not-an-email"}, {"password", kTestPassword}}), "POST",
                      "/api/v1/auth/password/sign-up",
                      {"body.email must be a valid email",
                       R"(body.email must match the following: "/^[^.]+(\.[^.]+)*@.*\.[^.][^.]+$/")"});
    // yup's email test passes, the strict pattern (a dotted domain) does not.
    ExpectSchemaError(Call("sign-up", {{"email", "someone@localhost"}, {"password", kTestPassword}}), "POST",
                      "/api/v1/auth/password/sign-up",
                      {R"(body.email must match the following: "/^[^.]+(\.[^.]+)*@.*\.[^.][^.]+$/")"});
    ExpectSchemaError(Call("sign-up", {{"email", UniqueEmail("extra")}, {"password", kTestPassword}, {"name", "x"}}),
                      "POST", "/api/v1/auth/password/sign-up", {"body contains unknown properties: name"});
    ExpectSchemaError(
        Call("sign-up",
             {{"email", UniqueEmail("phase")}, {"password", kTestPassword}, {"bot_challenge_phase", "sometimes"}}),
        "POST", "/api/v1/auth/password/sign-up",
        {"body.bot_challenge_phase must be one of the following values: invisible, visible"});
}

TEST_F(PasswordTest, SignInReturnsANewSession) {
    const std::string email = UniqueEmail("signin");
    const auto signed_up = SignUp(*server_, email);
    const auto response = Call("sign-in", {{"email", email}, {"password", kTestPassword}});
    ASSERT_EQ(response.status, 200) << response.body;
    const auto body = response.Json();
    EXPECT_EQ(body.size(), 3u) << body;
    EXPECT_EQ(body["user_id"], signed_up.user_id);
    EXPECT_NE(body["refresh_token"], signed_up.refresh_token);
    EXPECT_EQ(Me(body["access_token"])["id"], signed_up.user_id);
    // Two sessions now.
    const auto sessions = server_->Get("/api/v1/auth/sessions?user_id=me", ClientAuth(body["access_token"])).Json();
    EXPECT_EQ(sessions["items"].size(), 2u);
}

TEST_F(PasswordTest, SignInMatchesTheEmailCaseInsensitively) {
    const std::string email = UniqueEmail("MixedCase");
    const auto signed_up = SignUp(*server_, email);
    std::string lower = email;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    EXPECT_EQ(Me(signed_up.access_token)["primary_email"], lower);
    std::string upper = email;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
    EXPECT_EQ(SignIn(*server_, upper).user_id, signed_up.user_id);
    EXPECT_EQ(SignIn(*server_, lower).user_id, signed_up.user_id);
}

TEST_F(PasswordTest, WrongPasswordAndUnknownEmailLookTheSame) {
    const std::string email = UniqueEmail("mismatch");
    SignUp(*server_, email);
    const json expected = {{"code", "EMAIL_PASSWORD_MISMATCH"}, {"error", "Wrong e-mail or password."}};
    EXPECT_EQ(ExpectKnownError(Call("sign-in", {{"email", email}, {"password", "wrong-password"}}), 400,
                               "EMAIL_PASSWORD_MISMATCH"),
              expected);
    EXPECT_EQ(ExpectKnownError(Call("sign-in", {{"email", UniqueEmail("never")}, {"password", kTestPassword}}), 400,
                               "EMAIL_PASSWORD_MISMATCH"),
              expected);
    // An empty password is a password like any other.
    EXPECT_EQ(ExpectKnownError(Call("sign-in", {{"email", email}, {"password", ""}}), 400, "EMAIL_PASSWORD_MISMATCH"),
              expected);
    // A user without a password cannot sign in with one.
    const std::string passwordless = UniqueEmail("passwordless");
    CreateUser(*server_, {{"primary_email", passwordless}, {"primary_email_auth_enabled", true}});
    EXPECT_EQ(ExpectKnownError(Call("sign-in", {{"email", passwordless}, {"password", kTestPassword}}), 400,
                               "EMAIL_PASSWORD_MISMATCH"),
              expected);
}

TEST_F(PasswordTest, SignInValidatesItsBody) {
    ExpectSchemaError(Call("sign-in", {{"email", ""}, {"password", "some-password"}}), "POST",
                      "/api/v1/auth/password/sign-in", {"body.email must not be empty"});
    ExpectSchemaError(Call("sign-in", {{"email", "a@b.co"}}), "POST", "/api/v1/auth/password/sign-in",
                      {"body.password must be defined"});
    ExpectSchemaError(Call("sign-in", {{"email", "nope"}, {"password", "x"}}), "POST", "/api/v1/auth/password/sign-in",
                      {"body.email must be a valid email"});
    // The password routes declare no query: extra parameters are not checked.
    const std::string email = UniqueEmail("query");
    SignUp(*server_, email);
    const auto response =
        server_->Post("/api/v1/auth/password/sign-in?utm_source=test",
                      json{{"email", email}, {"password", kTestPassword}}.dump(), TestServer::ClientHeaders());
    EXPECT_EQ(response.status, 200) << response.body;
}

TEST_F(PasswordTest, UpdateNeedsASignedInUser) {
    const auto response = Call("update", {{"old_password", kTestPassword}, {"new_password", "new-password-1"}});
    ExpectSchemaError(response, "POST", "/api/v1/auth/password/update", {"auth.user must be defined"});
    ExpectSchemaError(Call("set", {{"password", "new-password-1"}}), "POST", "/api/v1/auth/password/set",
                      {"auth.user must be defined"});
}

TEST_F(PasswordTest, UpdateChecksTheOldPassword) {
    const auto tokens = SignUp(*server_, UniqueEmail("update-wrong"));
    const auto body =
        ExpectKnownError(Call("update", {{"old_password", "wrong-password"}, {"new_password", "new-password-1"}},
                              ClientAuth(tokens.access_token)),
                         400, "PASSWORD_CONFIRMATION_MISMATCH");
    EXPECT_EQ(body, json({{"code", "PASSWORD_CONFIRMATION_MISMATCH"}, {"error", "Passwords do not match."}}));
    ExpectKnownError(
        Call("update", {{"old_password", kTestPassword}, {"new_password", "short"}}, ClientAuth(tokens.access_token)),
        400, "PASSWORD_TOO_SHORT");
    ExpectSchemaError(Call("update", {{"new_password", "new-password-1"}}, ClientAuth(tokens.access_token)), "POST",
                      "/api/v1/auth/password/update", {"body.old_password must be defined"});
    // Nothing changed: the session and the old password still work.
    EXPECT_EQ(Refresh(*server_, tokens.refresh_token).status, 200);
}

TEST_F(PasswordTest, UpdateRevokesEveryOtherSession) {
    const std::string email = UniqueEmail("update");
    const auto first = SignUp(*server_, email);
    const auto current = SignIn(*server_, email);
    const auto response = Call("update", {{"old_password", kTestPassword}, {"new_password", "new-password-1"}},
                               WithTokens(TestServer::ClientHeaders(), current.access_token, current.refresh_token));
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.Json(), json({{"success", true}}));

    EXPECT_EQ(Refresh(*server_, current.refresh_token).status, 200);
    ExpectKnownError(Refresh(*server_, first.refresh_token), 401, "REFRESH_TOKEN_NOT_FOUND_OR_EXPIRED");
    ExpectKnownError(Call("sign-in", {{"email", email}, {"password", kTestPassword}}), 400, "EMAIL_PASSWORD_MISMATCH");
    EXPECT_EQ(SignIn(*server_, email, "new-password-1").user_id, first.user_id);
}

TEST_F(PasswordTest, UpdateWithoutARefreshTokenRevokesEverySession) {
    const std::string email = UniqueEmail("update-all");
    const auto tokens = SignUp(*server_, email);
    const auto response = Call("update", {{"old_password", kTestPassword}, {"new_password", "new-password-2"}},
                               ClientAuth(tokens.access_token));
    ASSERT_EQ(response.status, 200) << response.body;
    ExpectKnownError(Refresh(*server_, tokens.refresh_token), 401, "REFRESH_TOKEN_NOT_FOUND_OR_EXPIRED");
}

TEST_F(PasswordTest, UpdateOfAUserWithoutPassword) {
    const auto user =
        CreateUser(*server_, {{"primary_email", UniqueEmail("no-password")}, {"primary_email_auth_enabled", true}});
    const auto tokens = CreateSession(*server_, user["id"]);
    ExpectKnownError(Call("update", {{"old_password", kTestPassword}, {"new_password", "new-password-1"}},
                          ClientAuth(tokens.access_token)),
                     400, "USER_DOES_NOT_HAVE_PASSWORD");
}

TEST_F(PasswordTest, SetGivesAPasswordToAUserWithoutOne) {
    const std::string email = UniqueEmail("set");
    const auto user = CreateUser(*server_, {{"primary_email", email}, {"primary_email_auth_enabled", true}});
    EXPECT_EQ(user["has_password"], false);
    const auto tokens = CreateSession(*server_, user["id"]);

    ExpectKnownError(Call("set", {{"password", "short"}}, ClientAuth(tokens.access_token)), 400, "PASSWORD_TOO_SHORT");
    const auto response = Call("set", {{"password", "a-new-password"}}, ClientAuth(tokens.access_token));
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.Json(), json({{"success", true}}));
    EXPECT_EQ(Me(tokens.access_token)["has_password"], true);
    // Sessions are untouched, and the password signs in.
    EXPECT_EQ(Refresh(*server_, tokens.refresh_token).status, 200);
    EXPECT_EQ(SignIn(*server_, email, "a-new-password").user_id, user["id"]);

    ExpectTextError(Call("set", {{"password", "yet-another-one"}}, ClientAuth(tokens.access_token)), 400,
                    "User already has a password set.");
}

TEST(PasswordSignUpDisabledTest, SignUpIsRefusedButSignInStillWorks) {
    TestServer::Options options;
    options.env = {{"STACK_SEED_INTERNAL_PROJECT_SIGN_UP_ENABLED", "false"}};
    TestServer server(options);
    const std::string email = UniqueEmail("closed");
    const auto response =
        server.Post("/api/v1/auth/password/sign-up", json{{"email", email}, {"password", kTestPassword}}.dump(),
                    TestServer::ClientHeaders());
    const auto body = ExpectKnownError(response, 400, "SIGN_UP_NOT_ENABLED");
    EXPECT_EQ(body, json({{"code", "SIGN_UP_NOT_ENABLED"},
                          {"error",
                           "Creation of new accounts is not enabled for this project. Please ask the project "
                           "owner to enable it."}}));
    // The server may still create users, and they may sign in.
    CreateUser(server, {{"primary_email", email}, {"primary_email_auth_enabled", true}, {"password", kTestPassword}});
    EXPECT_EQ(SignIn(server, email).access_token.empty(), false);
    // Anonymous sign-up is never gated by the switch.
    EXPECT_EQ(server.Request("POST", "/api/v1/auth/anonymous/sign-up", TestServer::ClientHeaders()).status, 200);
}

}  // namespace
}  // namespace stackd::testing
