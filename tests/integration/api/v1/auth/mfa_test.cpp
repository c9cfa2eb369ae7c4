// TOTP multi-factor sign-in (auth.md §3.5): the first factor of a user with a TOTP secret
// answers MULTI_FACTOR_AUTHENTICATION_REQUIRED with an attempt code, and only
// /auth/mfa/sign-in with that code and the current TOTP issues tokens.
#include <gtest/gtest.h>

#include "crypto/base64.hpp"
#include "crypto/random.hpp"
#include "crypto/totp.hpp"
#include "support/auth_helpers.hpp"
#include "support/email_test_server.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

constexpr const char* kMfaPath = "/api/v1/auth/mfa/sign-in";

class MfaTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { env_ = new EmailTestServer(); }
    static void TearDownTestSuite() {
        delete env_;
        env_ = nullptr;
    }

    static const TestServer& server() { return *env_->server; }

    // A random 20-byte secret (as upstream's setup helper makes) set on the signed-in user.
    static std::string EnableTotp(const std::string& access_token, Headers headers = TestServer::ClientHeaders()) {
        const std::string secret = crypto::RandomBytes(20);
        const auto response = SendJson(server(), "PATCH", "/api/v1/users/me",
                                       {{"totp_secret_base64", crypto::Base64Encode(secret)}},
                                       WithTokens(std::move(headers), access_token));
        EXPECT_EQ(response.status, 200) << response.body;
        EXPECT_EQ(response.Json()["requires_totp_mfa"], true);
        return secret;
    }

    static HttpResponse PasswordSignIn(const std::string& email) {
        return server().Post("/api/v1/auth/password/sign-in", json{{"email", email}, {"password", kTestPassword}}.dump(),
                             TestServer::ClientHeaders());
    }

    // Asserts upstream's exact MFA-required answer and returns its attempt code.
    static std::string ExpectMfaRequired(const HttpResponse& response) {
        const auto body = ExpectKnownError(response, 400, "MULTI_FACTOR_AUTHENTICATION_REQUIRED");
        EXPECT_EQ(body.size(), 3u) << body;
        EXPECT_EQ(body["error"], "Multi-factor authentication is required for this user.");
        EXPECT_EQ(body["details"].size(), 1u) << body;
        const std::string code = body["details"].value("attempt_code", "");
        EXPECT_EQ(code.size(), 45u) << body;
        return code;
    }

    struct TotpUser {
        std::string email;
        std::string secret;
        std::string user_id;
    };
    // A user with a password and TOTP.
    static TotpUser PasswordUserWithTotp(const std::string& tag) {
        const std::string email = UniqueEmail(tag);
        const auto tokens = SignUp(server(), email);
        return {email, EnableTotp(tokens.access_token), tokens.user_id};
    }

    static HttpResponse MfaSignIn(const std::string& code, const std::string& totp,
                                  const Headers& headers = TestServer::ClientHeaders()) {
        return server().Post(kMfaPath, json{{"code", code}, {"type", "totp"}, {"totp", totp}}.dump(), headers);
    }

    // Moves the server clock to 1 s into the next 30-second TOTP step and returns that
    // instant: a TOTP computed for it stays valid for the next 29 s of the test.
    static int64_t AlignServerClockToStep() {
        const auto clock = server().Get("/stackd-test/clock");
        EXPECT_EQ(clock.status, 200) << clock.body;
        const int64_t now_ms = clock.Json()["now_ms"];
        const int64_t offset_ms = clock.Json()["offset_ms"];
        const int64_t step_ms = crypto::kTotpStepSeconds * 1000;
        const int64_t target_ms = (now_ms / step_ms + 1) * step_ms + 1000;
        SetClockOffset(server(), offset_ms + (target_ms - now_ms));
        return target_ms;
    }
    static std::string CurrentTotp(const std::string& secret) { return crypto::Totp(secret, AlignServerClockToStep()); }
    // A six-digit code that is not `right`.
    static std::string WrongTotp(const std::string& right) { return right == "000000" ? "111111" : "000000"; }

    // Tokens that work: the access token reads the user, the refresh token refreshes.
    static void ExpectWorkingTokens(const json& body, const std::string& user_id) {
        const auto me = server().Get("/api/v1/users/me", ClientAuth(body["access_token"]));
        ASSERT_EQ(me.status, 200) << me.body;
        EXPECT_EQ(me.Json()["id"], user_id);
        EXPECT_EQ(Refresh(server(), body["refresh_token"]).status, 200);
    }

    // Sends an OTP and returns the full code from the magic link.
    static std::string OtpCode(const std::string& email, size_t nth) {
        const auto sent = server().Post("/api/v1/auth/otp/send-sign-in-code",
                                        json{{"email", email}, {"callback_url", kCallbackUrl}}.dump(),
                                        TestServer::ClientHeaders());
        EXPECT_EQ(sent.status, 200) << sent.body;
        return SmtpSink::CodeFromLink(env_->sink->WaitFor(email, nth));
    }
    static HttpResponse OtpSignIn(const std::string& code, const Headers& headers = TestServer::ClientHeaders()) {
        return server().Post("/api/v1/auth/otp/sign-in", json{{"code", code}}.dump(), headers);
    }

    static EmailTestServer* env_;
};
EmailTestServer* MfaTest::env_ = nullptr;

TEST_F(MfaTest, PasswordSignInNeedsTheTotpThenIssuesWorkingTokens) {
    const auto [email, secret, user_id] = PasswordUserWithTotp("mfa-password");
    const std::string attempt = ExpectMfaRequired(PasswordSignIn(email));

    const std::string right = CurrentTotp(secret);
    const auto wrong = ExpectKnownError(MfaSignIn(attempt, WrongTotp(right)), 400, "INVALID_TOTP_CODE");
    EXPECT_EQ(wrong, json({{"code", "INVALID_TOTP_CODE"}, {"error", "The TOTP code is invalid. Please try again."}}));
    ExpectKnownError(MfaSignIn(attempt, "never-valid-totp"), 400, "INVALID_TOTP_CODE");

    // A refused TOTP leaves the attempt code usable.
    const auto signed_in = MfaSignIn(attempt, right);
    ASSERT_EQ(signed_in.status, 200) << signed_in.body;
    const auto body = signed_in.Json();
    ASSERT_EQ(body.size(), 4u) << body;
    EXPECT_EQ(body["is_new_user"], false);
    EXPECT_EQ(body["user_id"], user_id);
    EXPECT_EQ(body["refresh_token"].get<std::string>().size(), 45u);
    EXPECT_EQ(JwtPart(body["access_token"], 1)["requires_totp_mfa"], true);
    ExpectWorkingTokens(body, user_id);

    // Single use, even with a fresh valid TOTP.
    ExpectKnownError(MfaSignIn(attempt, CurrentTotp(secret)), 409, "VERIFICATION_CODE_ALREADY_USED");
}

TEST_F(MfaTest, EachFirstFactorGetsItsOwnAttemptCode) {
    const auto [email, secret, user_id] = PasswordUserWithTotp("mfa-two");
    const std::string first = ExpectMfaRequired(PasswordSignIn(email));
    const std::string second = ExpectMfaRequired(PasswordSignIn(email));
    EXPECT_NE(first, second);
    const std::string totp = CurrentTotp(secret);
    EXPECT_EQ(MfaSignIn(second, totp).status, 200);
    EXPECT_EQ(MfaSignIn(first, totp).status, 200);
}

TEST_F(MfaTest, AnAttemptCodeIsNoOtpCodeAndAnOtpCodeIsNoAttemptCode) {
    const auto [email, secret, user_id] = PasswordUserWithTotp("mfa-not-otp");
    const std::string attempt = ExpectMfaRequired(PasswordSignIn(email));
    // Upstream files attempt codes under ONE_TIME_PASSWORD; here they have their own type,
    // so the OTP routes do not find them at all.
    ExpectKnownError(OtpSignIn(attempt), 404, "VERIFICATION_CODE_NOT_FOUND");
    ExpectKnownError(server().Post("/api/v1/auth/otp/sign-in/check-code", json{{"code", attempt}}.dump(),
                                   TestServer::ClientHeaders()),
                     404, "VERIFICATION_CODE_NOT_FOUND");

    // And an OTP sign-in code is not an attempt code.
    const std::string otp_code = OtpCode(UniqueEmail("mfa-otp-code"), 1);
    ExpectKnownError(MfaSignIn(otp_code, CurrentTotp(secret)), 404, "VERIFICATION_CODE_NOT_FOUND");
    EXPECT_EQ(OtpSignIn(otp_code).status, 200);

    // The attempt code was not spent by the OTP routes.
    const auto signed_in = MfaSignIn(attempt, CurrentTotp(secret));
    EXPECT_EQ(signed_in.status, 200) << signed_in.body;
}

TEST_F(MfaTest, OtpSignInIsInterceptedToo) {
    const std::string email = UniqueEmail("mfa-otp");
    const auto created = OtpSignIn(OtpCode(email, 1));
    ASSERT_EQ(created.status, 200) << created.body;
    const std::string user_id = created.Json()["user_id"];
    const std::string secret = EnableTotp(created.Json()["access_token"]);

    const std::string otp_code = OtpCode(email, 2);
    const std::string attempt = ExpectMfaRequired(OtpSignIn(otp_code));
    // The OTP itself was spent by the first factor.
    ExpectKnownError(OtpSignIn(otp_code), 409, "VERIFICATION_CODE_ALREADY_USED");

    const auto signed_in = MfaSignIn(attempt, CurrentTotp(secret));
    ASSERT_EQ(signed_in.status, 200) << signed_in.body;
    EXPECT_EQ(signed_in.Json()["is_new_user"], false);
    EXPECT_EQ(signed_in.Json()["user_id"], user_id);
    ExpectWorkingTokens(signed_in.Json(), user_id);
}

TEST_F(MfaTest, SignUpUpgradingAnAnonymousUserWithTotpCarriesIsNewUser) {
    const auto anonymous = SignUpAnonymously(server());
    Headers anonymous_headers = TestServer::ClientHeaders();
    anonymous_headers.emplace_back("x-stack-allow-anonymous-user", "true");
    const std::string secret = EnableTotp(anonymous.access_token, anonymous_headers);

    const auto sign_up = server().Post("/api/v1/auth/password/sign-up",
                                       json{{"email", UniqueEmail("mfa-upgrade")}, {"password", kTestPassword}}.dump(),
                                       WithTokens(anonymous_headers, anonymous.access_token));
    const std::string attempt = ExpectMfaRequired(sign_up);
    const auto signed_in = MfaSignIn(attempt, CurrentTotp(secret));
    ASSERT_EQ(signed_in.status, 200) << signed_in.body;
    EXPECT_EQ(signed_in.Json()["is_new_user"], true);
    EXPECT_EQ(signed_in.Json()["user_id"], anonymous.user_id);
    ExpectWorkingTokens(signed_in.Json(), anonymous.user_id);
}

TEST_F(MfaTest, UsersWithoutTotpAreNotIntercepted) {
    const std::string email = UniqueEmail("mfa-none");
    const auto tokens = SignUp(server(), email);
    const auto plain = PasswordSignIn(email);
    ASSERT_EQ(plain.status, 200) << plain.body;
    EXPECT_EQ(JwtPart(plain.Json()["access_token"], 1)["requires_totp_mfa"], false);

    // Turning TOTP on and off again: null clears both the secret and requires_totp_mfa.
    EnableTotp(tokens.access_token);
    ExpectMfaRequired(PasswordSignIn(email));
    const auto cleared = SendJson(server(), "PATCH", "/api/v1/users/me", {{"totp_secret_base64", nullptr}},
                                  ClientAuth(tokens.access_token));
    ASSERT_EQ(cleared.status, 200) << cleared.body;
    EXPECT_EQ(cleared.Json()["requires_totp_mfa"], false);
    EXPECT_EQ(PasswordSignIn(email).status, 200);

    // As upstream, a secret given at creation does not turn MFA on.
    const std::string created_email = UniqueEmail("mfa-created");
    const auto created = CreateUser(server(), {{"primary_email", created_email},
                                               {"primary_email_auth_enabled", true},
                                               {"password", kTestPassword},
                                               {"totp_secret_base64", crypto::Base64Encode("secret")}});
    EXPECT_EQ(created["requires_totp_mfa"], false);
    EXPECT_EQ(PasswordSignIn(created_email).status, 200);
}

TEST_F(MfaTest, AServerCanSetAndClearTotpOnAnyUser) {
    const std::string email = UniqueEmail("mfa-server");
    const auto tokens = SignUp(server(), email);
    const std::string path = "/api/v1/users/" + tokens.user_id;
    const auto set = SendJson(server(), "PATCH", path, {{"totp_secret_base64", crypto::Base64Encode("0123456789")}},
                              TestServer::ServerHeaders());
    ASSERT_EQ(set.status, 200) << set.body;
    EXPECT_EQ(set.Json()["requires_totp_mfa"], true);
    EXPECT_FALSE(set.Json().contains("totp_secret_base64"));  // the secret is never read back
    const std::string attempt = ExpectMfaRequired(PasswordSignIn(email));
    EXPECT_EQ(MfaSignIn(attempt, CurrentTotp("0123456789")).status, 200);

    const auto cleared =
        SendJson(server(), "PATCH", path, {{"totp_secret_base64", nullptr}}, TestServer::ServerHeaders());
    EXPECT_EQ(cleared.Json()["requires_totp_mfa"], false);
    EXPECT_EQ(PasswordSignIn(email).status, 200);
}

TEST_F(MfaTest, TotpSecretMustBeBase64) {
    const auto tokens = SignUp(server(), UniqueEmail("mfa-base64"));
    for (const char* bad : {"not base64!", "SGVsbG8", "SGVsbG8gV29ybGQ==", "__79_A=="}) {
        const auto response = SendJson(server(), "PATCH", "/api/v1/users/me", {{"totp_secret_base64", bad}},
                                       ClientAuth(tokens.access_token));
        ExpectSchemaError(response, "PATCH", "/api/v1/users/me", {"body.totp_secret_base64 is not valid base64"});
    }
    const auto me = server().Get("/api/v1/users/me", ClientAuth(tokens.access_token));
    EXPECT_EQ(me.Json()["requires_totp_mfa"], false);
}

TEST_F(MfaTest, UnknownAttemptCodesAndBadBodiesAreRefused) {
    const auto [email, secret, user_id] = PasswordUserWithTotp("mfa-bad");
    const auto unknown = ExpectKnownError(MfaSignIn("invalid-attempt-code-123123123123123123123123", "123456"), 404,
                                          "VERIFICATION_CODE_NOT_FOUND");
    EXPECT_EQ(unknown, json({{"code", "VERIFICATION_CODE_NOT_FOUND"},
                             {"error", "The verification code does not exist for this project."}}));

    const std::string attempt = ExpectMfaRequired(PasswordSignIn(email));
    ExpectSchemaError(server().Post(kMfaPath, json{{"code", attempt}}.dump(), TestServer::ClientHeaders()), "POST",
                      kMfaPath, {"body.type must be defined", "body.totp must be defined"});
    ExpectSchemaError(server().Post(kMfaPath, json{{"code", attempt}, {"type", "sms"}, {"totp", "123456"}}.dump(),
                                    TestServer::ClientHeaders()),
                      "POST", kMfaPath, {"body.type must be one of the following values: totp"});
    ExpectSchemaError(MfaSignIn("short", "123456"), "POST", kMfaPath, {"body.code must be exactly 45 characters"});
    ExpectKnownError(server().Post(kMfaPath, json{{"code", attempt}, {"type", "totp"}, {"totp", "1"}}.dump()), 400,
                     "ACCESS_TYPE_REQUIRED");
    // None of that spent the code.
    EXPECT_EQ(MfaSignIn(attempt, CurrentTotp(secret)).status, 200);
}

TEST_F(MfaTest, AttemptCodesExpireAfterFiveMinutes) {
    const auto [email, secret, user_id] = PasswordUserWithTotp("mfa-expiry");
    const std::string attempt = ExpectMfaRequired(PasswordSignIn(email));
    const auto clock = server().Get("/stackd-test/clock").Json();
    SetClockOffset(server(), clock["offset_ms"].get<int64_t>() + 5 * 60 * 1000 + 1000);
    ExpectKnownError(MfaSignIn(attempt, CurrentTotp(secret)), 400, "VERIFICATION_CODE_EXPIRED");
}

TEST_F(MfaTest, WrongTotpsCountTowardTheAttemptLimit) {
    const auto [email, secret, user_id] = PasswordUserWithTotp("mfa-limit");
    const std::string attempt = ExpectMfaRequired(PasswordSignIn(email));
    for (int attempt_number = 0; attempt_number < 20; ++attempt_number) {
        ExpectKnownError(MfaSignIn(attempt, "not-it"), 400, "INVALID_TOTP_CODE");
    }
    // The 21st attempt fails even with the right TOTP.
    ExpectKnownError(MfaSignIn(attempt, CurrentTotp(secret)), 400, "VERIFICATION_CODE_MAX_ATTEMPTS_REACHED");
}

TEST_F(MfaTest, AttemptCodesAreBoundToTheirProject) {
    const auto [email, secret, user_id] = PasswordUserWithTotp("mfa-tenant");
    const std::string attempt = ExpectMfaRequired(PasswordSignIn(email));
    const std::string project_id = "mfa-other-" + crypto::RandomUuidV4().substr(0, 8);
    const std::string server_key = "ssk_" + crypto::RandomUuidV4();
    CreateProjectInDatabase(server(), project_id, server_key);
    const std::string totp = CurrentTotp(secret);
    ExpectKnownError(MfaSignIn(attempt, totp, ServerHeadersFor(project_id, server_key)), 404,
                     "VERIFICATION_CODE_NOT_FOUND");
    EXPECT_EQ(MfaSignIn(attempt, totp).status, 200);
}

TEST_F(MfaTest, TurningTotpOffAfterTheFirstFactorLeavesNoValidTotp) {
    const std::string email = UniqueEmail("mfa-off");
    const auto tokens = SignUp(server(), email);
    const std::string secret = EnableTotp(tokens.access_token);
    const std::string attempt = ExpectMfaRequired(PasswordSignIn(email));
    SendJson(server(), "PATCH", "/api/v1/users/me", {{"totp_secret_base64", nullptr}}, ClientAuth(tokens.access_token));
    ExpectKnownError(MfaSignIn(attempt, CurrentTotp(secret)), 400, "INVALID_TOTP_CODE");
}

TEST_F(MfaTest, AUserDeletedAfterTheFirstFactorCannotFinish) {
    const auto [email, secret, user_id] = PasswordUserWithTotp("mfa-deleted");
    const std::string attempt = ExpectMfaRequired(PasswordSignIn(email));
    const auto deleted =
        SendJson(server(), "DELETE", "/api/v1/users/" + user_id, json::object(), TestServer::ServerHeaders());
    ASSERT_EQ(deleted.status, 200) << deleted.body;
    ExpectKnownError(MfaSignIn(attempt, CurrentTotp(secret)), 404, "USER_NOT_FOUND");
}

}  // namespace
}  // namespace stackd::testing
