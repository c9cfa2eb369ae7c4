// POST /emails/send-email (platform.md §2.8): recipients, content variants, categories,
// themes and upstream's errors; delivery read back from the SMTP sinks.
#include "email_test_helpers.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

class SendEmailTest : public EmailsTest {};

TEST_F(SendEmailTest, SharedEmailServerIsRefused) {
    const auto project = CreateProject("Send Shared", nullptr);
    const auto user = CreateUserIn(project, {{"primary_email", UniqueEmail("shared")}});
    ExpectKnownError(SendEmail(project, {{"user_ids", {user["id"]}}, {"html", "<p>x</p>"}}), 400,
                     "REQUIRES_CUSTOM_EMAIL_SERVER");
}

TEST_F(SendEmailTest, RequestErrors) {
    const auto project = CreateCustomSmtpProject("Send Errors");
    const auto user = CreateUserIn(project, {{"primary_email", UniqueEmail("errors")}});
    const json id = user["id"];

    for (const json& body : {json{{"html", "<p>x</p>"}},
                             json{{"html", "<p>x</p>"}, {"user_ids", {id}}, {"all_users", true}}}) {
        const auto error = ExpectKnownError(SendEmail(project, body), 400, "SCHEMA_ERROR");
        EXPECT_EQ(error["error"], "Exactly one of user_ids or all_users must be provided");
    }
    ExpectTextError(
        SendEmail(project, {{"user_ids", {id}}, {"html", "<p>x</p>"}, {"notification_category_name", "Newsletter"}}),
        400, "Notification category not found with given name");
    const auto missing = ExpectKnownError(
        SendEmail(project, {{"user_ids", {id, "6a0c8f4e-2b7d-4c1a-9e3f-5d8b7a6c4e21"}}, {"html", "<p>x</p>"}}), 400,
        "USER_ID_DOES_NOT_EXIST");
    EXPECT_EQ(missing["details"], json({{"user_id", "6a0c8f4e-2b7d-4c1a-9e3f-5d8b7a6c4e21"}}));
    ExpectTextError(SendEmail(project, {{"user_ids", {id}}, {"template_id", "6a0c8f4e-2b7d-4c1a-9e3f-5d8b7a6c4e21"}}),
                    400, "No template found with given template_id");
    ExpectTextError(SendEmail(project, {{"user_ids", {id}}, {"draft_id", "some-draft"}}), 400,
                    "No draft found with given draft_id");
    ExpectKnownError(SendEmail(project, {{"user_ids", {id}}}), 400, "SCHEMA_ERROR");
    ExpectKnownError(SendEmail(project, {{"user_ids", {id}}, {"html", "<p>x</p>"}, {"template_id", "x"}}), 400,
                     "SCHEMA_ERROR");
    ExpectKnownError(SendEmail(project, {{"user_ids", "nope"}, {"html", "<p>x</p>"}}), 400, "SCHEMA_ERROR");
    ExpectKnownError(SendEmail(project, {{"user_ids", {id}}, {"html", "<p>x</p>"}, {"scheduled_at_millis", 1e300}}),
                     400, "SCHEMA_ERROR");
    ExpectKnownError(SendEmail(project, {{"user_ids", {id}}, {"html", "<p>x</p>"}, {"theme_id", "dark"}}), 400,
                     "SCHEMA_ERROR");
    ExpectKnownError(
        SendJson(server(), "POST", "/api/v1/emails/send-email", {{"user_ids", {id}}, {"html", "x"}}, project.client),
        401, "INSUFFICIENT_ACCESS_TYPE");
    // Nothing was queued by any of these.
    EXPECT_TRUE(ListOutbox(project)["items"].empty());
}

TEST_F(SendEmailTest, AllUsersGetOneEmailEach) {
    const auto project = CreateCustomSmtpProject("Send All");
    const std::string first = UniqueEmail("all-1");
    const std::string second = UniqueEmail("all-2");
    const auto a = CreateUserIn(project, {{"primary_email", first}});
    const auto b = CreateUserIn(project, {{"primary_email", second}});
    const auto response =
        SendEmail(project, {{"all_users", true}, {"html", "<p>Hello everyone</p>"}, {"subject", "To All"}});
    ASSERT_EQ(response.status, 200) << response.body;
    // Users created in the same millisecond have no defined order between them.
    const auto results = response.Json()["results"];
    EXPECT_TRUE(results == json({{{"user_id", a["id"]}}, {{"user_id", b["id"]}}}) ||
                results == json({{{"user_id", b["id"]}}, {{"user_id", a["id"]}}}))
        << results;
    EXPECT_EQ(project_sink().WaitFor(first).subject, "To All");
    EXPECT_EQ(project_sink().WaitFor(second).subject, "To All");
}

TEST_F(SendEmailTest, UserIdsAreAnsweredInRequestOrder) {
    const auto project = CreateCustomSmtpProject("Send Order");
    const auto a = CreateUserIn(project, {{"primary_email", UniqueEmail("order-1")}});
    const auto b = CreateUserIn(project, {{"primary_email", UniqueEmail("order-2")}});
    const auto response = SendEmail(
        project, {{"user_ids", {b["id"], a["id"]}}, {"html", "<p>x</p>"}, {"scheduled_at_millis", FarFuture()}});
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.Json(), json({{"results", {{{"user_id", b["id"]}}, {{"user_id", a["id"]}}}}}));
    EXPECT_EQ(ListOutbox(project)["items"].size(), 2u);
}

TEST_F(SendEmailTest, BuiltInTemplateWithVariables) {
    const auto project = CreateCustomSmtpProject("Template Project");
    const std::string address = UniqueEmail("template");
    const auto user = CreateUserIn(project, {{"primary_email", address}, {"display_name", "Ada"}});
    const auto response =
        SendEmail(project, {{"user_ids", {user["id"]}},
                            {"template_id", "a70fb3a4-56c1-4e42-af25-49d25603abd0"},
                            {"variables", {{"passwordResetLink", "https://app.example.com/reset?code=abc"}}}});
    ASSERT_EQ(response.status, 200) << response.body;
    const auto message = project_sink().WaitFor(address);
    EXPECT_EQ(message.subject, "Reset your password at Template Project");
    EXPECT_NE(message.text.find("Hi, Ada! Please click on the following button to start the password reset process."),
              std::string::npos);
    EXPECT_NE(message.text.find("https://app.example.com/reset?code=abc"), std::string::npos);
    const auto email = FindBySubject(project, "Reset your password at Template Project");
    EXPECT_EQ(email["email_programmatic_call_template_id"], "a70fb3a4-56c1-4e42-af25-49d25603abd0");
    EXPECT_EQ(email["variables"], json({{"passwordResetLink", "https://app.example.com/reset?code=abc"}}));
    EXPECT_EQ(email["is_transactional"], true);
}

TEST_F(SendEmailTest, PaymentAndSignInInvitationTemplates) {
    const auto project = CreateCustomSmtpProject("Shop");
    const std::string address = UniqueEmail("payments");
    const auto user = CreateUserIn(project, {{"primary_email", address}});
    ASSERT_EQ(SendEmail(project, {{"user_ids", {user["id"]}},
                                  {"template_id", "70372aee-0441-4d80-974c-2e858e40123a"},
                                  {"variables", {{"productName", "Pro Plan"}, {"quantity", 2}, {"amount", "$58.00"}}}})
                  .status,
              200);
    auto message = project_sink().WaitFor(address, 1);
    EXPECT_EQ(message.subject, "Your receipt from Shop");
    EXPECT_NE(message.text.find("Your payment for Pro Plan is complete."), std::string::npos);
    EXPECT_NE(message.text.find("Total paid: $58.00"), std::string::npos);
    EXPECT_NE(message.text.find("Quantity: 2"), std::string::npos);
    EXPECT_EQ(message.text.find("View receipt"), std::string::npos);

    ASSERT_EQ(SendEmail(project, {{"user_ids", {user["id"]}},
                                  {"template_id", "f64b1afe-27ec-4a28-a277-7178f3261f9a"},
                                  {"variables",
                                   {{"productName", "Pro Plan"},
                                    {"amount", "$29.00"},
                                    {"failureReason", "Your card was declined"},
                                    {"invoiceUrl", "https://pay.example.com/inv"}}}})
                  .status,
              200);
    message = project_sink().WaitFor(address, 2);
    EXPECT_EQ(message.subject, "Payment failed for Shop");
    EXPECT_NE(message.text.find("Your payment for Pro Plan ($29.00) did not go through."), std::string::npos);
    EXPECT_NE(message.text.find("Reason: Your card was declined"), std::string::npos);
    EXPECT_NE(message.html.find("https://pay.example.com/inv"), std::string::npos);

    ASSERT_EQ(SendEmail(project, {{"user_ids", {user["id"]}},
                                  {"template_id", "066dd73c-36da-4fd0-b6d6-ebf87683f8bc"},
                                  {"variables",
                                   {{"signInInvitationLink", "https://app.example.com/sign-in"},
                                    {"teamDisplayName", "Shop"}}}})
                  .status,
              200);
    message = project_sink().WaitFor(address, 3);
    EXPECT_EQ(message.subject, "You have been invited to sign in to Shop");
    EXPECT_NE(message.text.find("Please click on the following link to sign in to your account"), std::string::npos);
    EXPECT_NE(message.text.find("https://app.example.com/sign-in"), std::string::npos);
}

TEST_F(SendEmailTest, ThemeFalseSendsTheHtmlAsIs) {
    const auto project = CreateCustomSmtpProject("Send No Theme");
    const std::string address = UniqueEmail("no-theme");
    const auto user = CreateUserIn(project, {{"primary_email", address}});
    ASSERT_EQ(SendEmail(project, {{"user_ids", {user["id"]}},
                                  {"html", "<p>Plain <a href=\"https://example.com/x\">link</a></p>"},
                                  {"subject", "No Theme"},
                                  {"theme_id", false}})
                  .status,
              200);
    const auto message = project_sink().WaitFor(address);
    EXPECT_EQ(message.html, "<p>Plain <a href=\"https://example.com/x\">link</a></p>");
    EXPECT_EQ(message.text, "Plain link [https://example.com/x]");
    EXPECT_TRUE(FindBySubject(project, "No Theme")["theme_id"].is_null());
}

TEST_F(SendEmailTest, MarketingEmailsCarryAWorkingUnsubscribeLink) {
    const auto project = CreateCustomSmtpProject("Send Marketing");
    const std::string address = UniqueEmail("marketing");
    const auto user = CreateUserIn(project, {{"primary_email", address}});
    const std::string first = SendHtml(project, user["id"], "Weekly News", {{"notification_category_name", "Marketing"}});
    const auto message = project_sink().WaitFor(address);
    EXPECT_NE(message.html.find("to unsubscribe from these emails"), std::string::npos);
    const std::string prefix = "/api/v1/emails/unsubscribe-link?code=";
    const auto at = message.text.find(prefix);
    ASSERT_NE(at, std::string::npos) << message.text;
    const std::string code = message.text.substr(at + prefix.size(), 45);
    EXPECT_EQ(WaitForStatus(project, first, "sent")["is_transactional"], false);

    const auto unsubscribed = server().Get("/api/v1/emails/unsubscribe-link?code=" + code);
    EXPECT_EQ(unsubscribed.status, 200);
    EXPECT_EQ(unsubscribed.body, "<p>Successfully unsubscribed from notification group</p>");
    EXPECT_NE(unsubscribed.Header("content-type").find("text/html"), std::string::npos);
    const auto again = server().Get("/api/v1/emails/unsubscribe-link?code=" + code);
    EXPECT_EQ(again.body, "<p>You have already unsubscribed from this notification group</p>");

    const auto preferences = server().Get(
        "/api/v1/emails/notification-preference/" + user["id"].get<std::string>(), project.admin);
    ASSERT_EQ(preferences.status, 200) << preferences.body;
    EXPECT_EQ(preferences.Json()["items"][1]["enabled"], false);

    const std::string skipped = SendHtml(project, user["id"], "More News", {{"notification_category_name", "Marketing"}});
    EXPECT_EQ(WaitForStatus(project, skipped, "skipped")["skipped_reason"], "USER_UNSUBSCRIBED");
    const std::string receipt = SendHtml(project, user["id"], "Receipt");
    WaitForStatus(project, receipt, "sent");
    const auto messages = project_sink().MessagesTo(address);
    ASSERT_EQ(messages.size(), 2u);
    EXPECT_EQ(messages[1].subject, "Receipt");
}

TEST_F(SendEmailTest, TransactionalEmailsHaveNoUnsubscribeLink) {
    const auto project = CreateCustomSmtpProject("Send Transactional");
    const std::string address = UniqueEmail("transactional");
    const auto user = CreateUserIn(project, {{"primary_email", address}});
    SendHtml(project, user["id"], "Your Order");
    const auto message = project_sink().WaitFor(address);
    EXPECT_EQ(message.html.find("unsubscribe"), std::string::npos);
}

}  // namespace
}  // namespace stackd::testing
