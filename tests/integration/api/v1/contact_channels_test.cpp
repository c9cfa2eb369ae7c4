// Email verification: the mail of password sign-up with verification_callback_url and
// /contact-channels/verify (+ check-code) consuming its code (auth.md §3.1, §4).
#include <gtest/gtest.h>

#include "support/auth_helpers.hpp"
#include "support/email_test_server.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

class ContactChannelVerifyTest : public ::testing::Test {
protected:
    void SetUp() override { env_ = std::make_unique<EmailTestServer>(); }

    const TestServer& server() const { return *env_->server; }
    const SmtpSink& sink() const { return *env_->sink; }

    HttpResponse Verify(const std::string& code, const std::string& path = "/api/v1/contact-channels/verify") const {
        return server().Post(path, json{{"code", code}}.dump(), TestServer::ClientHeaders());
    }

    std::unique_ptr<EmailTestServer> env_;
};

TEST_F(ContactChannelVerifyTest, SignUpMailVerifiesThePrimaryEmail) {
    const std::string email = UniqueEmail("verify");
    const auto signed_up = server().Post(
        "/api/v1/auth/password/sign-up",
        json{{"email", email}, {"password", kTestPassword}, {"verification_callback_url", kCallbackUrl}}.dump(),
        TestServer::ClientHeaders());
    ASSERT_EQ(signed_up.status, 200) << signed_up.body;
    const auto access_token = signed_up.Json()["access_token"].get<std::string>();

    const auto message = sink().WaitFor(email);
    EXPECT_EQ(message.subject, "Verify your email at Stack Dashboard");
    EXPECT_NE(message.text.find("Please click on the following button to verify your email."), std::string::npos);
    EXPECT_NE(message.html.find("Verify my email"), std::string::npos);
    const std::string code = SmtpSink::CodeFromLink(message);
    ASSERT_EQ(code.size(), 45u) << message.text;

    const auto check = Verify(code, "/api/v1/contact-channels/verify/check-code");
    ASSERT_EQ(check.status, 200) << check.body;
    EXPECT_EQ(check.Json(), json({{"is_code_valid", true}}));
    auto me = server().Get("/api/v1/users/me", ClientAuth(access_token));
    EXPECT_EQ(me.Json()["primary_email_verified"], false);

    const auto verified = Verify(code);
    ASSERT_EQ(verified.status, 200) << verified.body;
    EXPECT_EQ(verified.Json(), json({{"success", true}}));
    me = server().Get("/api/v1/users/me", ClientAuth(access_token));
    EXPECT_EQ(me.Json()["primary_email_verified"], true);

    ExpectKnownError(Verify(code), 409, "VERIFICATION_CODE_ALREADY_USED");
}

TEST_F(ContactChannelVerifyTest, SignUpWithoutCallbackSendsNothing) {
    const std::string email = UniqueEmail("no-mail");
    SignUp(server(), email);
    const std::string other = UniqueEmail("with-mail");
    const auto response = server().Post(
        "/api/v1/auth/password/sign-up",
        json{{"email", other}, {"password", kTestPassword}, {"verification_callback_url", kCallbackUrl}}.dump(),
        TestServer::ClientHeaders());
    ASSERT_EQ(response.status, 200) << response.body;
    sink().WaitFor(other);  // mail is delivered in order: the first sign-up had its chance
    EXPECT_TRUE(sink().MessagesTo(email).empty());
}

TEST_F(ContactChannelVerifyTest, CodesOfAnotherFlowAreNotFound) {
    const std::string email = UniqueEmail("cross");
    SignUp(server(), email);
    ASSERT_EQ(server()
                  .Post("/api/v1/auth/password/send-reset-code",
                        json{{"email", email}, {"callback_url", kCallbackUrl}}.dump(), TestServer::ClientHeaders())
                  .status,
              200);
    const std::string reset_code = SmtpSink::CodeFromLink(sink().WaitFor(email));
    ExpectKnownError(Verify(reset_code), 404, "VERIFICATION_CODE_NOT_FOUND");
}

}  // namespace
}  // namespace stackd::testing
