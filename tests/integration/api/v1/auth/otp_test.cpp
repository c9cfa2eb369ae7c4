// /auth/otp/send-sign-in-code, /auth/otp/sign-in and its check-code (auth.md §3.2, §4),
// end to end through the magic-link email delivered to a real SMTP server.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "support/auth_helpers.hpp"
#include "support/email_test_server.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

std::string Lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

class OtpTest : public ::testing::Test {
protected:
    void SetUp() override { env_ = std::make_unique<EmailTestServer>(); }

    const TestServer& server() const { return *env_->server; }
    const SmtpSink& sink() const { return *env_->sink; }

    HttpResponse SendCode(const std::string& email, const std::string& callback = kCallbackUrl,
                          const Headers& headers = TestServer::ClientHeaders()) const {
        return server().Post("/api/v1/auth/otp/send-sign-in-code",
                             json{{"email", email}, {"callback_url", callback}}.dump(), headers);
    }
    // Sends a code and returns {nonce, delivered message}.
    std::pair<std::string, SmtpSink::Message> SendAndReceive(const std::string& email, size_t nth = 1) const {
        const auto response = SendCode(email);
        EXPECT_EQ(response.status, 200) << response.body;
        return {response.Json()["nonce"].get<std::string>(), sink().WaitFor(email, nth)};
    }
    HttpResponse SignIn(const std::string& code, const std::string& path = "/api/v1/auth/otp/sign-in",
                        const Headers& headers = TestServer::ClientHeaders()) const {
        return server().Post(path, json{{"code", code}}.dump(), headers);
    }

    std::unique_ptr<EmailTestServer> env_;
};

TEST_F(OtpTest, OtpFromTheEmailSignsUpOnceThenTheCodeIsSpent) {
    const std::string email = UniqueEmail("otp");
    const auto [nonce, message] = SendAndReceive(email);
    ASSERT_EQ(nonce.size(), 39u);

    // Upstream's subject carries the OTP: the first 6 characters of the code, upper-case.
    const std::string prefix = "Sign in to Stack Dashboard: Your code is ";
    ASSERT_EQ(message.subject.rfind(prefix, 0), 0u) << message.subject;
    const std::string otp = message.subject.substr(prefix.size());
    ASSERT_EQ(otp.size(), 6u);
    EXPECT_EQ(otp, [&] { std::string upper = otp; for (auto& c : upper) c = static_cast<char>(std::toupper(c)); return upper; }());
    EXPECT_NE(message.text.find("This is your one-time-password for signing in:"), std::string::npos);
    EXPECT_NE(message.html.find(otp), std::string::npos);
    EXPECT_EQ(message.rcpt_to, std::vector<std::string>{email});
    EXPECT_EQ(message.mail_from, "noreply@stackd.test");
    EXPECT_NE(message.raw.find("From: Stack Dashboard <noreply@stackd.test>"), std::string::npos);
    // The magic link is the callback URL with the full code.
    const std::string link = SmtpSink::LinkOf(message);
    EXPECT_EQ(link, std::string(kCallbackUrl) + "?code=" + Lower(otp) + nonce);

    const std::string code = otp + nonce;  // as typed: case does not matter
    const auto check = SignIn(code, "/api/v1/auth/otp/sign-in/check-code");
    ASSERT_EQ(check.status, 200) << check.body;
    EXPECT_EQ(check.Json(), json({{"is_code_valid", true}}));

    const auto signed_in = SignIn(code);
    ASSERT_EQ(signed_in.status, 200) << signed_in.body;
    const auto body = signed_in.Json();
    EXPECT_EQ(body["is_new_user"], true);
    EXPECT_EQ(body["refresh_token"].get<std::string>().size(), 45u);
    const auto me = server().Get("/api/v1/users/me", ClientAuth(body["access_token"]));
    ASSERT_EQ(me.status, 200) << me.body;
    EXPECT_EQ(me.Json()["primary_email"], email);
    EXPECT_EQ(me.Json()["primary_email_verified"], true);
    EXPECT_EQ(me.Json()["otp_auth_enabled"], true);

    ExpectKnownError(SignIn(code), 409, "VERIFICATION_CODE_ALREADY_USED");
    ExpectKnownError(SignIn(code, "/api/v1/auth/otp/sign-in/check-code"), 409, "VERIFICATION_CODE_ALREADY_USED");
}

TEST_F(OtpTest, MagicLinkSignsInTheExistingUser) {
    const std::string email = UniqueEmail("magic");
    const auto [first_nonce, first] = SendAndReceive(email);
    const auto created = SignIn(SmtpSink::CodeFromLink(first));
    ASSERT_EQ(created.status, 200) << created.body;

    const auto [second_nonce, second] = SendAndReceive(email, 2);
    const std::string code = SmtpSink::CodeFromLink(second);
    ASSERT_EQ(code.size(), 45u);
    EXPECT_EQ(code.substr(6), second_nonce);
    const auto again = SignIn(code);
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(again.Json()["is_new_user"], false);
    EXPECT_EQ(again.Json()["user_id"], created.Json()["user_id"]);
}

TEST_F(OtpTest, WrongOtpsCountAgainstTheNonceUntilTheLimit) {
    const std::string email = UniqueEmail("attempts");
    const auto [nonce, message] = SendAndReceive(email);
    const std::string code = SmtpSink::CodeFromLink(message);
    const std::string wrong_otp = code.substr(0, 6) == "zzzzzz" ? "yyyyyy" : "zzzzzz";
    for (int attempt = 0; attempt < 20; ++attempt) {
        ExpectKnownError(SignIn(wrong_otp + nonce), 404, "VERIFICATION_CODE_NOT_FOUND");
    }
    // The 21st attempt on the nonce fails even with the right OTP.
    ExpectKnownError(SignIn(code), 400, "VERIFICATION_CODE_MAX_ATTEMPTS_REACHED");
}

TEST_F(OtpTest, ExpiredCodeIsRefused) {
    const std::string email = UniqueEmail("expired");
    const auto [nonce, message] = SendAndReceive(email);
    SetClockOffset(server(), 7LL * 24 * 60 * 60 * 1000 + 60 * 1000);
    ExpectKnownError(SignIn(SmtpSink::CodeFromLink(message)), 400, "VERIFICATION_CODE_EXPIRED");
    SetClockOffset(server(), 0);
}

TEST_F(OtpTest, RequestsAreValidated) {
    ExpectKnownError(SendCode(UniqueEmail("evil"), "https://evil.example.org/callback"), 400,
                     "REDIRECT_URL_NOT_WHITELISTED");
    ExpectSchemaError(SignIn("too-short"), "POST", "/api/v1/auth/otp/sign-in",
                      {"body.code must be exactly 45 characters"});
    const auto unknown = server().Post("/api/v1/auth/otp/sign-in/check-code",
                                       json{{"code", std::string(45, 'a')}, {"extra", 1}}.dump(),
                                       TestServer::ClientHeaders());
    EXPECT_EQ(unknown.status, 400) << unknown.body;
    ExpectKnownError(SignIn(std::string(45, 'a')), 404, "VERIFICATION_CODE_NOT_FOUND");
}

TEST_F(OtpTest, UnverifiedPasswordAccountCannotUseOtp) {
    const std::string email = UniqueEmail("unverified");
    SignUp(server(), email);
    const auto body = ExpectKnownError(SendCode(email), 409, "USER_EMAIL_ALREADY_EXISTS");
    EXPECT_EQ(body["details"]["would_work_if_email_was_verified"], true);
    // The message tells the user how to get in (upstream's wording for an unverified address).
    EXPECT_EQ(body["error"], "A user with email " + json(email).dump() +
                                 " already exists but the email is not verified. Please login to your existing "
                                 "account with the method you used to sign up, and then verify your email to sign "
                                 "in with this login method.");
}

TEST_F(OtpTest, ANewUserGetsTheCountryOfTheRequestThatAskedForTheCode) {
    const std::string email = UniqueEmail("country");
    auto asking = TestServer::ClientHeaders();
    // Upstream only believes geo headers of a browser request that names its client IP.
    asking.emplace_back("user-agent", "Mozilla/5.0");
    asking.emplace_back("x-forwarded-for", "203.0.113.9");
    asking.emplace_back("x-vercel-ip-country", "CA");
    ASSERT_EQ(SendCode(email, kCallbackUrl, asking).status, 200);
    const auto message = sink().WaitFor(email, 1);
    auto signing_in = TestServer::ClientHeaders();
    signing_in.emplace_back("user-agent", "Mozilla/5.0");
    signing_in.emplace_back("x-forwarded-for", "203.0.113.9");
    signing_in.emplace_back("x-vercel-ip-country", "US");
    const auto signed_in = SignIn(SmtpSink::CodeFromLink(message), "/api/v1/auth/otp/sign-in", signing_in);
    ASSERT_EQ(signed_in.status, 200) << signed_in.body;
    const auto user = server().Get("/api/v1/users/" + signed_in.Json()["user_id"].get<std::string>(),
                                   TestServer::ServerHeaders());
    EXPECT_EQ(user.Json()["country_code"], "CA");

    // NODE_ENV=test: a tag on an @example.com address wins over the request's country (upstream).
    std::string tagged = UniqueEmail("tagged");
    tagged.insert(tagged.find('@'), "+fr");
    ASSERT_EQ(SendCode(tagged, kCallbackUrl, asking).status, 200);
    const auto tagged_in = SignIn(SmtpSink::CodeFromLink(sink().WaitFor(tagged, 1)));
    ASSERT_EQ(tagged_in.status, 200) << tagged_in.body;
    EXPECT_EQ(server()
                  .Get("/api/v1/users/" + tagged_in.Json()["user_id"].get<std::string>(), TestServer::ServerHeaders())
                  .Json()["country_code"],
              "FR");
}

}  // namespace
}  // namespace stackd::testing
