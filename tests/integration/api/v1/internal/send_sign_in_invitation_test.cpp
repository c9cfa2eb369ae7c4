// POST /internal/send-sign-in-invitation, and how the auth flows' default-template emails
// look in the outbox (platform.md §2.6).
#include "../emails/email_test_helpers.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

class DefaultTemplateEmailsTest : public EmailsTest {
protected:
    static HttpResponse Invite(const json& body, const Headers& headers = TestServer::ServerHeaders()) {
        return SendJson(server(), "POST", "/api/v1/internal/send-sign-in-invitation", body, headers);
    }
    // The internal project's newest outbox email to `address`.
    static json NewestTo(const std::string& address) {
        const auto list = server().Get("/api/v1/emails/outbox", TestServer::AdminHeaders()).Json();
        for (const auto& email : list["items"]) {
            if (email["to"].contains("emails") && email["to"]["emails"] == json({address})) {
                return email;
            }
        }
        return nullptr;
    }
};

TEST_F(DefaultTemplateEmailsTest, SignInInvitationLinksToTheCallbackAsGiven) {
    const std::string address = UniqueEmail("invited");
    const std::string callback = "http://localhost:12345/handler/sign-in?from=invite";
    const auto response = Invite({{"email", address}, {"callback_url", callback}});
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.Json(), json({{"success", true}}));

    const auto message = shared_sink().WaitFor(address);
    EXPECT_EQ(message.subject, "You have been invited to sign in to Stack Dashboard");
    EXPECT_NE(message.html.find("You are invited to sign in to Stack Dashboard"), std::string::npos);
    EXPECT_NE(message.text.find("Sign in " + callback), std::string::npos);
    EXPECT_EQ(message.text.find("code="), std::string::npos);

    const auto email = NewestTo(address);
    ASSERT_FALSE(email.is_null());
    EXPECT_EQ(email["to"], json({{"type", "custom-emails"}, {"emails", {address}}}));
    EXPECT_EQ(email["email_programmatic_call_template_id"], "066dd73c-36da-4fd0-b6d6-ebf87683f8bc");
    EXPECT_EQ(email["variables"],
              json({{"signInInvitationLink", callback}, {"teamDisplayName", "Stack Dashboard"}}));
    EXPECT_EQ(email["is_high_priority"], true);
    EXPECT_EQ(email["skip_deliverability_check"], true);
}

TEST_F(DefaultTemplateEmailsTest, SignInInvitationErrors) {
    const std::string address = UniqueEmail("not-invited");
    ExpectKnownError(Invite({{"email", address}, {"callback_url", "https://untrusted.example.org/cb"}}), 400,
                     "REDIRECT_URL_NOT_WHITELISTED");
    ExpectKnownError(Invite({{"email", "not-an-email"}, {"callback_url", kCallbackUrl}}), 400, "SCHEMA_ERROR");
    ExpectKnownError(Invite({{"email", address}}), 400, "SCHEMA_ERROR");
    ExpectKnownError(Invite({{"email", address}, {"callback_url", kCallbackUrl}}, TestServer::ClientHeaders()), 401,
                     "INSUFFICIENT_ACCESS_TYPE");
    EXPECT_TRUE(NewestTo(address).is_null());
}

TEST_F(DefaultTemplateEmailsTest, OnlyTheSignUpMailIsCheckedForDeliverability) {
    const std::string address = UniqueEmail("signed-up");
    const auto signed_up = server().Post(
        "/api/v1/auth/password/sign-up",
        json{{"email", address}, {"password", kTestPassword}, {"verification_callback_url", kCallbackUrl}}.dump(),
        TestServer::ClientHeaders());
    ASSERT_EQ(signed_up.status, 200) << signed_up.body;
    shared_sink().WaitFor(address);
    const auto verification = NewestTo(address);
    ASSERT_FALSE(verification.is_null());
    EXPECT_EQ(verification["skip_deliverability_check"], false);
    EXPECT_EQ(verification["to"]["type"], "user-custom-emails");
    EXPECT_EQ(verification["to"]["user_id"], signed_up.Json()["user_id"]);
    EXPECT_EQ(verification["email_programmatic_call_template_id"], "e7d009ce-8d47-4528-b245-5bf119f2ffa3");

    ASSERT_EQ(server()
                  .Post("/api/v1/auth/password/send-reset-code",
                        json{{"email", address}, {"callback_url", kCallbackUrl}}.dump(), TestServer::ClientHeaders())
                  .status,
              200);
    shared_sink().WaitFor(address, 2);
    const auto reset = NewestTo(address);
    EXPECT_EQ(reset["email_programmatic_call_template_id"], "a70fb3a4-56c1-4e42-af25-49d25603abd0");
    EXPECT_EQ(reset["skip_deliverability_check"], true);
}

TEST_F(DefaultTemplateEmailsTest, SignUpMailToAnUndeliverableAddressIsSkipped) {
    const std::string address = "someone-" + std::to_string(NowMs()) + "@emailable-not-deliverable.example.com";
    const auto signed_up = server().Post(
        "/api/v1/auth/password/sign-up",
        json{{"email", address}, {"password", kTestPassword}, {"verification_callback_url", kCallbackUrl}}.dump(),
        TestServer::ClientHeaders());
    ASSERT_EQ(signed_up.status, 200) << signed_up.body;
    json verification;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < deadline) {
        verification = NewestTo(address);
        if (!verification.is_null() && verification["status"] == "skipped") {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_FALSE(verification.is_null());
    EXPECT_EQ(verification["status"], "skipped");
    EXPECT_EQ(verification["skipped_reason"], "LIKELY_NOT_DELIVERABLE");
    EXPECT_EQ(verification["skipped_details"]["email"], address);
    EXPECT_EQ(verification["skipped_details"]["emailableResponse"]["state"], "undeliverable");
    EXPECT_EQ(verification["skipped_details"]["emailableResponse"]["reason"], "test_domain_rejection");

    // Mail that skips the check (a sign-in invitation) still goes out to that address.
    ASSERT_EQ(Invite({{"email", address}, {"callback_url", kCallbackUrl}}).status, 200);
    const auto message = shared_sink().WaitFor(address);
    EXPECT_EQ(message.subject, "You have been invited to sign in to Stack Dashboard");
    EXPECT_EQ(shared_sink().MessagesTo(address).size(), 1u);
}

}  // namespace
}  // namespace stackd::testing
