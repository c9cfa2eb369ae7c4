// /auth/password/send-reset-code, /reset and /reset/check-code (auth.md §3.1), end to end
// through the reset email delivered to a real SMTP server.
#include <gtest/gtest.h>

#include <thread>

#include "support/auth_helpers.hpp"
#include "support/email_test_server.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

class PasswordResetTest : public ::testing::Test {
protected:
    void SetUp() override { env_ = std::make_unique<EmailTestServer>(); }

    const TestServer& server() const { return *env_->server; }
    const SmtpSink& sink() const { return *env_->sink; }

    HttpResponse SendResetCode(const std::string& email, const std::string& callback = kCallbackUrl) const {
        return server().Post("/api/v1/auth/password/send-reset-code",
                             json{{"email", email}, {"callback_url", callback}}.dump(), TestServer::ClientHeaders());
    }
    std::string ResetCodeFor(const std::string& email, size_t nth = 1) const {
        const auto response = SendResetCode(email);
        EXPECT_EQ(response.status, 200) << response.body;
        return SmtpSink::CodeFromLink(sink().WaitFor(email, nth));
    }
    HttpResponse Reset(const std::string& code, const std::string& password) const {
        return server().Post("/api/v1/auth/password/reset", json{{"code", code}, {"password", password}}.dump(),
                             TestServer::ClientHeaders());
    }

    std::unique_ptr<EmailTestServer> env_;
};

TEST_F(PasswordResetTest, ResetLinkSetsThePasswordAndEndsEverySession) {
    const std::string email = UniqueEmail("reset");
    const auto tokens = SignUp(server(), email);

    const auto sent = SendResetCode(email);
    ASSERT_EQ(sent.status, 200) << sent.body;
    EXPECT_EQ(sent.Json(), json({{"success", "maybe, only if user with e-mail exists"}}));
    const auto message = sink().WaitFor(email);
    EXPECT_EQ(message.subject, "Reset your password at Stack Dashboard");
    EXPECT_NE(message.text.find("Please click on the following button to start the password reset process."),
              std::string::npos);
    EXPECT_NE(message.html.find("Reset my password"), std::string::npos);
    const std::string code = SmtpSink::CodeFromLink(message);
    ASSERT_EQ(code.size(), 45u) << message.text;
    EXPECT_EQ(SmtpSink::LinkOf(message), std::string(kCallbackUrl) + "?code=" + code);

    const auto check = server().Post("/api/v1/auth/password/reset/check-code", json{{"code", code}}.dump(),
                                     TestServer::ClientHeaders());
    ASSERT_EQ(check.status, 200) << check.body;
    EXPECT_EQ(check.Json(), json({{"is_code_valid", true}}));

    const std::string new_password = "a-brand-new-password";
    const auto reset = Reset(code, new_password);
    ASSERT_EQ(reset.status, 200) << reset.body;
    EXPECT_EQ(reset.Json(), json({{"success", true}}));

    EXPECT_EQ(Refresh(server(), tokens.refresh_token).status, 401);
    const auto old_sign_in = server().Post("/api/v1/auth/password/sign-in",
                                           json{{"email", email}, {"password", kTestPassword}}.dump(),
                                           TestServer::ClientHeaders());
    ExpectKnownError(old_sign_in, 400, "EMAIL_PASSWORD_MISMATCH");
    EXPECT_EQ(SignIn(server(), email, new_password).user_id, tokens.user_id);

    ExpectKnownError(Reset(code, "yet-another-password"), 409, "VERIFICATION_CODE_ALREADY_USED");
}

TEST_F(PasswordResetTest, ExpiredAndWrongCodesAreRefused) {
    const std::string email = UniqueEmail("reset-expired");
    SignUp(server(), email);
    const std::string code = ResetCodeFor(email);
    ExpectKnownError(Reset(std::string(45, '0'), "whatever-password"), 404, "VERIFICATION_CODE_NOT_FOUND");
    SetClockOffset(server(), 8LL * 24 * 60 * 60 * 1000);
    ExpectKnownError(Reset(code, "whatever-password"), 400, "VERIFICATION_CODE_EXPIRED");
    SetClockOffset(server(), 0);
    // The code is intact: expiry does not spend it, the clock decides.
    EXPECT_EQ(Reset(code, "whatever-password").status, 200);
}

TEST_F(PasswordResetTest, ShortPasswordStillSpendsTheCode) {
    const std::string email = UniqueEmail("reset-short");
    SignUp(server(), email);
    const std::string code = ResetCodeFor(email);
    ExpectKnownError(Reset(code, "short"), 400, "PASSWORD_TOO_SHORT");
    ExpectKnownError(Reset(code, "long-enough-password"), 409, "VERIFICATION_CODE_ALREADY_USED");
}

TEST_F(PasswordResetTest, UnknownEmailGetsTheSameAnswerAndNoMail) {
    const std::string email = UniqueEmail("nobody");
    const auto response = SendResetCode(email, "https://not-checked.example.org/");
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.Json(), json({{"success", "maybe, only if user with e-mail exists"}}));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_TRUE(sink().MessagesTo(email).empty());

    const std::string known = UniqueEmail("known");
    SignUp(server(), known);
    ExpectKnownError(SendResetCode(known, "https://evil.example.org/"), 400, "REDIRECT_URL_NOT_WHITELISTED");
}

}  // namespace
}  // namespace stackd::testing
