// GET /emails/delivery-info and POST /emails/capacity-boost (platform.md §2.4, §2.8), and sending through a project's own
// SMTP server when the deployment has no shared one.
#include "email_test_helpers.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

class DeliveryInfoTest : public EmailsTest {
protected:
    // No STACK_EMAIL_HOST: only projects with their own server can send. Upstream's
    // production default capacity (test servers otherwise run with the development one).
    static void SetUpTestSuite() { StartServer(false, {{"STACK_DEFAULT_EMAIL_CAPACITY_PER_HOUR", "200"}}); }
};

TEST_F(DeliveryInfoTest, FreshProjectHasTheDefaultCapacity) {
    const auto project = CreateCustomSmtpProject("Delivery Fresh");
    const auto response = server().Get("/api/v1/emails/delivery-info", project.admin);
    ASSERT_EQ(response.status, 200) << response.body;
    const json zero = {{"sent", 0}, {"bounced", 0}, {"marked_as_spam", 0}};
    const auto body = response.Json();
    EXPECT_EQ(body["stats"], json({{"hour", zero}, {"day", zero}, {"week", zero}, {"month", zero}}));
    EXPECT_DOUBLE_EQ(body["capacity"]["rate_per_second"].get<double>(), 200.0 / 3600.0);
    EXPECT_EQ(body["capacity"]["boost_multiplier"], 1);
    EXPECT_EQ(body["capacity"]["penalty_factor"], 1);
    EXPECT_EQ(body["capacity"]["is_boost_active"], false);
    EXPECT_TRUE(body["capacity"]["boost_expires_at"].is_null());
    ExpectKnownError(server().Get("/api/v1/emails/delivery-info", project.client), 401, "INSUFFICIENT_ACCESS_TYPE");
}

TEST_F(DeliveryInfoTest, OwnServerSendsWithoutASharedOneAndSendsAreCounted) {
    const auto project = CreateCustomSmtpProject("Delivery Counted");
    const std::string address = UniqueEmail("delivery");
    const auto user = CreateUserIn(project, {{"primary_email", address}});
    WaitForStatus(project, SendHtml(project, user["id"], "Counted"), "sent");
    EXPECT_EQ(project_sink().WaitFor(address).subject, "Counted");
    // A skipped email is not a send.
    const auto nobody = CreateUserIn(project, json::object());
    WaitForStatus(project, SendHtml(project, nobody["id"], "Not Counted"), "skipped");

    const auto body = server().Get("/api/v1/emails/delivery-info", project.admin).Json();
    for (const char* window : {"hour", "day", "week", "month"}) {
        EXPECT_EQ(body["stats"][window], json({{"sent", 1}, {"bounced", 0}, {"marked_as_spam", 0}})) << window;
    }
    EXPECT_DOUBLE_EQ(body["capacity"]["rate_per_second"].get<double>(), (200.0 + 4.0 / 30.0 / 24.0) / 3600.0);
}

TEST_F(DeliveryInfoTest, CapacityBoostQuadruplesTheRateOnce) {
    const auto project = CreateCustomSmtpProject("Delivery Boost");
    const auto boosted = SendJson(server(), "POST", "/api/v1/emails/capacity-boost", json::object(), project.admin);
    ASSERT_EQ(boosted.status, 200) << boosted.body;
    const std::string expires_at = boosted.Json()["expires_at"];
    EXPECT_EQ(expires_at.size(), 24u);  // 2026-01-01T00:00:00.000Z
    EXPECT_EQ(expires_at.back(), 'Z');

    const auto capacity = server().Get("/api/v1/emails/delivery-info", project.admin).Json()["capacity"];
    EXPECT_EQ(capacity["is_boost_active"], true);
    EXPECT_EQ(capacity["boost_multiplier"], 4);
    EXPECT_EQ(capacity["boost_expires_at"], expires_at);
    EXPECT_DOUBLE_EQ(capacity["rate_per_second"].get<double>(), 4 * 200.0 / 3600.0);

    const auto again = ExpectKnownError(
        SendJson(server(), "POST", "/api/v1/emails/capacity-boost", json::object(), project.admin), 409,
        "EMAIL_CAPACITY_BOOST_ALREADY_ACTIVE");
    EXPECT_EQ(again["details"], json({{"expires_at", expires_at}}));
    EXPECT_EQ(again["error"], "Email capacity boost is already active until " + expires_at + ".");
    ExpectKnownError(SendJson(server(), "POST", "/api/v1/emails/capacity-boost", json::object(), project.client), 401,
                     "INSUFFICIENT_ACCESS_TYPE");
    // Other projects are not boosted.
    const auto other = CreateCustomSmtpProject("Delivery Unboosted");
    EXPECT_EQ(server().Get("/api/v1/emails/delivery-info", other.admin).Json()["capacity"]["is_boost_active"], false);
}

TEST_F(DeliveryInfoTest, SharedServerProjectsKeepTheirEmailsQueued) {
    // The internal project is on the shared server, which this deployment does not have.
    const std::string email = UniqueEmail("queued");
    SignUp(server(), email);
    ASSERT_EQ(server()
                  .Post("/api/v1/auth/password/send-reset-code",
                        json{{"email", email}, {"callback_url", kCallbackUrl}}.dump(), TestServer::ClientHeaders())
                  .status,
              200);
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    const auto list = server().Get("/api/v1/emails/outbox?status=queued", TestServer::AdminHeaders());
    ASSERT_EQ(list.status, 200) << list.body;
    ASSERT_EQ(list.Json()["items"].size(), 1u);
    const auto queued = list.Json()["items"][0];
    EXPECT_EQ(queued["subject"], "Reset your password at Stack Dashboard");
    EXPECT_EQ(queued["email_programmatic_call_template_id"], "a70fb3a4-56c1-4e42-af25-49d25603abd0");
    EXPECT_EQ(queued["is_high_priority"], true);
    EXPECT_EQ(queued["to"]["type"], "user-custom-emails");
    EXPECT_EQ(queued["to"]["emails"], json({email}));
    EXPECT_TRUE(queued["variables"]["passwordResetLink"].is_string());
}

}  // namespace
}  // namespace stackd::testing
