// Rate limits on the password and code flows (STACKD_RATE_LIMITS): small, explicit
// budgets here so the limits are reached in a few requests.
#include <gtest/gtest.h>

#include "support/auth_helpers.hpp"
#include "support/email_test_server.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

class RateLimitsTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        sink_ = new SmtpSink();
        auto env = EmailServerEnv(sink_);
        env["STACKD_RATE_LIMITS"] = "password-sign-in=3/60,sign-in-ip=5/60,send-code=2/60";
        env["STACK_TRUSTED_PROXY"] = "cloudflare";
        server_ = new TestServer(TestServer::Options{.env = env});
    }
    static void TearDownTestSuite() {
        delete server_;
        delete sink_;
        server_ = nullptr;
        sink_ = nullptr;
    }

    static HttpResponse SignInAttempt(const std::string& email, const std::string& password,
                                      const std::string& client_ip = "") {
        Headers headers = TestServer::ClientHeaders();
        if (!client_ip.empty()) {
            headers.emplace_back("cf-connecting-ip", client_ip);
        }
        return server_->Post("/api/v1/auth/password/sign-in", json{{"email", email}, {"password", password}}.dump(),
                             headers);
    }

    static void ExpectLimited(const HttpResponse& response) {
        EXPECT_EQ(response.status, 429) << response.body;
        EXPECT_EQ(response.body, "Too many requests. Please try again later.");
        const auto retry_after = std::stoi(response.Header("retry-after"));
        EXPECT_GE(retry_after, 1);
        EXPECT_LE(retry_after, 60);
        EXPECT_TRUE(response.Header("x-stack-known-error").empty());
    }

    static SmtpSink* sink_;
    static TestServer* server_;
};
SmtpSink* RateLimitsTest::sink_ = nullptr;
TestServer* RateLimitsTest::server_ = nullptr;

TEST_F(RateLimitsTest, PasswordGuessesForOneAccountRunOutThenRefill) {
    const std::string email = UniqueEmail("limited");
    SignUp(*server_, email);
    for (int i = 0; i < 3; ++i) {
        ExpectKnownError(SignInAttempt(email, "wrong-password-" + std::to_string(i)), 400, "EMAIL_PASSWORD_MISMATCH");
    }
    // Even the right password waits: the budget is per account, not per failure.
    ExpectLimited(SignInAttempt(email, kTestPassword));
    // The email is compared case-insensitively, so changing its case does not reset it.
    std::string upper = email;
    upper[0] = static_cast<char>(std::toupper(upper[0]));
    ExpectLimited(SignInAttempt(upper, kTestPassword));
    // Other accounts keep their own budget.
    const std::string other = UniqueEmail("unlimited");
    SignUp(*server_, other);
    EXPECT_EQ(SignInAttempt(other, kTestPassword).status, 200);

    // A minute later the account may sign in again.
    SetClockOffset(*server_, 61'000);
    EXPECT_EQ(SignInAttempt(email, kTestPassword).status, 200);
}

TEST_F(RateLimitsTest, OneClientIpCannotSprayManyAccounts) {
    for (int i = 0; i < 5; ++i) {
        ExpectKnownError(SignInAttempt(UniqueEmail("spray"), "guess", "203.0.113.7"), 400, "EMAIL_PASSWORD_MISMATCH");
    }
    ExpectLimited(SignInAttempt(UniqueEmail("spray"), "guess", "203.0.113.7"));
    // Another client is not affected.
    ExpectKnownError(SignInAttempt(UniqueEmail("spray"), "guess", "203.0.113.8"), 400, "EMAIL_PASSWORD_MISMATCH");
}

TEST_F(RateLimitsTest, LoopbackPeersHaveNoIpBudget) {
    // Without a trusted proxy header the peer is 127.0.0.1: a same-host proxy or local
    // tooling, where one budget would be shared by every real client.
    for (int i = 0; i < 8; ++i) {
        ExpectKnownError(SignInAttempt(UniqueEmail("local"), "guess"), 400, "EMAIL_PASSWORD_MISMATCH");
    }
}

TEST_F(RateLimitsTest, CodesToOneInboxAreLimited) {
    const std::string email = UniqueEmail("inbox");
    const auto send = [&](const std::string& address) {
        return server_->Post("/api/v1/auth/otp/send-sign-in-code",
                             json{{"email", address}, {"callback_url", kCallbackUrl}}.dump(),
                             TestServer::ClientHeaders());
    };
    EXPECT_EQ(send(email).status, 200);
    EXPECT_EQ(send(email).status, 200);
    ExpectLimited(send(email));
    EXPECT_EQ(send(UniqueEmail("inbox")).status, 200);
}

TEST_F(RateLimitsTest, ServerKeysAreNotLimited) {
    const std::string email = UniqueEmail("server");
    SignUp(*server_, email);
    for (int i = 0; i < 3; ++i) {
        SignInAttempt(email, "wrong");
    }
    ExpectLimited(SignInAttempt(email, kTestPassword));
    // The project's backend signs the user in with its server key.
    const auto response = server_->Post("/api/v1/auth/password/sign-in",
                                        json{{"email", email}, {"password", kTestPassword}}.dump(),
                                        TestServer::ServerHeaders());
    EXPECT_EQ(response.status, 200) << response.body;
}

}  // namespace
}  // namespace stackd::testing
