// GET/PATCH /emails/outbox and /emails/outbox/{id} (platform.md §2.1, §2.8): the status
// model as seen through the API, filters, pagination and what can be edited when.
#include "email_test_helpers.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

class EmailOutboxTest : public EmailsTest {};

TEST_F(EmailOutboxTest, SentEmailHasUpstreamsShapeAndWentThroughTheProjectServer) {
    const auto project = CreateCustomSmtpProject("Outbox Shape");
    const std::string address = UniqueEmail("outbox-shape");
    const auto user = CreateUserIn(project, {{"primary_email", address}, {"primary_email_verified", true}});
    const std::string id = SendHtml(project, user["id"], "Shape Test");
    const auto email = WaitForStatus(project, id, "sent");

    EXPECT_EQ(email["simple_status"], "ok");
    EXPECT_EQ(email["is_paused"], false);
    EXPECT_EQ(email["has_rendered"], true);
    EXPECT_EQ(email["has_delivered"], true);
    EXPECT_EQ(email["can_have_delivery_info"], false);
    EXPECT_TRUE(email["started_rendering_at_millis"].is_number());
    EXPECT_TRUE(email["rendered_at_millis"].is_number());
    EXPECT_TRUE(email["started_sending_at_millis"].is_number());
    EXPECT_TRUE(email["delivered_at_millis"].is_number());
    EXPECT_EQ(email["subject"], "Shape Test");
    EXPECT_EQ(email["is_transactional"], true);
    EXPECT_EQ(email["is_high_priority"], false);
    EXPECT_EQ(email["notification_category_id"], kTransactionalCategoryId);
    EXPECT_EQ(email["to"], json({{"type", "user-primary-email"}, {"user_id", user["id"]}}));
    EXPECT_EQ(email["created_with"], "programmatic-call");
    EXPECT_TRUE(email["email_draft_id"].is_null());
    EXPECT_TRUE(email["email_programmatic_call_template_id"].is_null());
    EXPECT_EQ(email["send_retries"], 0);
    EXPECT_TRUE(email["next_send_retry_at_millis"].is_null());
    EXPECT_TRUE(email["send_attempt_errors"].is_null());
    EXPECT_EQ(email["variables"], json::object());
    EXPECT_EQ(email["skip_deliverability_check"], false);
    EXPECT_EQ(email["theme_id"], "1df07ae6-abf3-4a40-83a5-a1a2cbe336ac");
    EXPECT_EQ(email["tsx_source"],
              "export const variablesSchema = v => v;\nexport function EmailTemplate() {\n  return <>\n"
              "    <div dangerouslySetInnerHTML={{ __html: \"<p>Shape Test body</p>\"}} />\n  </>\n};");
    EXPECT_NE(email["html"].get<std::string>().find("<p>Shape Test body</p>"), std::string::npos);
    EXPECT_EQ(email["text"], "Shape Test body");

    const auto message = project_sink().WaitFor(address);
    EXPECT_EQ(message.subject, "Shape Test");
    EXPECT_EQ(message.auth_username, kProjectSmtpUser);
    EXPECT_EQ(message.mail_from, kProjectSenderEmail);
    EXPECT_NE(message.raw.find(kProjectSenderName), std::string::npos);
    EXPECT_NE(message.html.find("Shape Test body"), std::string::npos);
    EXPECT_TRUE(shared_sink().MessagesTo(address).empty());
}

TEST_F(EmailOutboxTest, FiltersByStatusAndSimpleStatus) {
    const auto project = CreateCustomSmtpProject("Outbox Filters");
    const auto with_email = CreateUserIn(project, {{"primary_email", UniqueEmail("filters")}});
    const auto without_email = CreateUserIn(project, json::object());
    const std::string sent_id = SendHtml(project, with_email["id"], "Filter Sent");
    const std::string skipped_id = SendHtml(project, without_email["id"], "Filter Skipped");
    WaitForStatus(project, sent_id, "sent");
    const auto skipped = WaitForStatus(project, skipped_id, "skipped");
    EXPECT_EQ(skipped["simple_status"], "ok");
    EXPECT_EQ(skipped["skipped_reason"], "USER_HAS_NO_PRIMARY_EMAIL");
    EXPECT_EQ(skipped["skipped_details"], json::object());
    EXPECT_TRUE(skipped["skipped_at_millis"].is_number());

    auto ids = [](const json& list) {
        std::vector<std::string> out;
        for (const auto& item : list["items"]) {
            out.push_back(item["id"]);
        }
        return out;
    };
    EXPECT_EQ(ids(ListOutbox(project, "?status=sent")), std::vector<std::string>{sent_id});
    EXPECT_EQ(ids(ListOutbox(project, "?status=skipped")), std::vector<std::string>{skipped_id});
    EXPECT_EQ(ids(ListOutbox(project, "?simple_status=ok")).size(), 2u);
    EXPECT_TRUE(ids(ListOutbox(project, "?simple_status=error")).empty());
    EXPECT_TRUE(ids(ListOutbox(project, "?status=server-error")).empty());
}

TEST_F(EmailOutboxTest, PaginatesNewestFirstWithACursor) {
    const auto project = CreateCustomSmtpProject("Outbox Pages");
    const auto user = CreateUserIn(project, {{"primary_email", UniqueEmail("pages")}});
    std::vector<std::string> sent;
    for (int i = 0; i < 3; ++i) {
        sent.push_back(SendHtml(project, user["id"], "Page " + std::to_string(i),
                                {{"scheduled_at_millis", FarFuture()}}));
        std::this_thread::sleep_for(std::chrono::milliseconds(5));  // distinct created_at
    }
    const auto first = ListOutbox(project, "?limit=2");
    EXPECT_EQ(first["is_paginated"], true);
    ASSERT_EQ(first["items"].size(), 2u);
    EXPECT_EQ(first["items"][0]["id"], sent[2]);
    EXPECT_EQ(first["items"][1]["id"], sent[1]);
    EXPECT_EQ(first["pagination"]["next_cursor"], sent[0]);
    const auto second = ListOutbox(project, "?limit=2&cursor=" + sent[0]);
    ASSERT_EQ(second["items"].size(), 1u);
    EXPECT_EQ(second["items"][0]["id"], sent[0]);
    EXPECT_TRUE(second["pagination"]["next_cursor"].is_null());
    EXPECT_EQ(second["items"][0]["status"], "scheduled");

    ExpectTextError(server().Get("/api/v1/emails/outbox?limit=0", project.admin), 400, "Invalid limit parameter");
    ExpectTextError(server().Get("/api/v1/emails/outbox?limit=abc", project.admin), 400, "Invalid limit parameter");
    ExpectTextError(server().Get("/api/v1/emails/outbox?limit=101", project.admin), 400, "Limit cannot exceed 100");
    ExpectKnownError(server().Get("/api/v1/emails/outbox?cursor=nope", project.admin), 400, "SCHEMA_ERROR");
}

TEST_F(EmailOutboxTest, UnknownAndForeignEmailsAreNotFound) {
    const auto project = CreateCustomSmtpProject("Outbox Mine");
    const auto other = CreateCustomSmtpProject("Outbox Theirs");
    const auto user = CreateUserIn(other, {{"primary_email", UniqueEmail("theirs")}});
    const std::string foreign = SendHtml(other, user["id"], "Foreign", {{"scheduled_at_millis", FarFuture()}});
    ExpectTextError(GetEmail(project, foreign), 404, "Email not found");
    ExpectTextError(PatchEmail(project, foreign, {{"is_paused", true}}), 404, "Email not found");
    ExpectTextError(GetEmail(project, "3f1c2a5e-0d4b-4b8e-9a51-6f7d2c1e8b90"), 404, "Email not found");
    ExpectKnownError(GetEmail(project, "not-a-uuid"), 400, "SCHEMA_ERROR");
    EXPECT_EQ(GetEmail(other, foreign).status, 200);
}

TEST_F(EmailOutboxTest, ClientsCannotReadTheOutbox) {
    const auto project = CreateCustomSmtpProject("Outbox Client");
    ExpectKnownError(server().Get("/api/v1/emails/outbox", project.client), 401, "INSUFFICIENT_ACCESS_TYPE");
}

TEST_F(EmailOutboxTest, SentAndSkippedEmailsAreNotEditable) {
    const auto project = CreateCustomSmtpProject("Outbox Not Editable");
    const auto user = CreateUserIn(project, {{"primary_email", UniqueEmail("not-editable")}});
    const std::string id = SendHtml(project, user["id"], "Not Editable");
    WaitForStatus(project, id, "sent");
    const auto body = ExpectKnownError(PatchEmail(project, id, {{"is_paused", true}}), 400, "EMAIL_NOT_EDITABLE");
    EXPECT_EQ(body["details"], json({{"email_id", id}, {"status", "SENT"}}));
    EXPECT_EQ(body["error"], "Email with ID \"" + id +
                                 "\" cannot be edited because it is in status \"SENT\". Only emails in PAUSED, "
                                 "PREPARING, RENDERING, RENDER_ERROR, SCHEDULED, QUEUED, or SERVER_ERROR status can "
                                 "be edited.");

    const auto nobody = CreateUserIn(project, json::object());
    const std::string skipped = SendHtml(project, nobody["id"], "Not Editable Skipped");
    WaitForStatus(project, skipped, "skipped");
    const auto skipped_error =
        ExpectKnownError(PatchEmail(project, skipped, {{"cancel", true}}), 400, "EMAIL_NOT_EDITABLE");
    EXPECT_EQ(skipped_error["details"]["status"], "SKIPPED");
}

TEST_F(EmailOutboxTest, PauseResumeRescheduleAndCancel) {
    const auto project = CreateCustomSmtpProject("Outbox Pause");
    const std::string address = UniqueEmail("pause");
    const auto user = CreateUserIn(project, {{"primary_email", address}});
    const std::string id = SendHtml(project, user["id"], "Paused Mail", {{"scheduled_at_millis", FarFuture()}});
    EXPECT_EQ(GetEmail(project, id).Json()["status"], "scheduled");

    auto paused = PatchEmail(project, id, {{"is_paused", true}});
    ASSERT_EQ(paused.status, 200) << paused.body;
    EXPECT_EQ(paused.Json()["status"], "paused");
    EXPECT_EQ(paused.Json()["simple_status"], "in-progress");
    EXPECT_EQ(paused.Json()["is_paused"], true);
    // Paused emails are not sent even once due.
    ASSERT_EQ(PatchEmail(project, id, {{"scheduled_at_millis", NowMs() - 1000}}).status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    EXPECT_EQ(GetEmail(project, id).Json()["status"], "paused");
    EXPECT_TRUE(project_sink().MessagesTo(address).empty());

    const auto resumed = PatchEmail(project, id, {{"is_paused", false}});
    ASSERT_EQ(resumed.status, 200) << resumed.body;
    EXPECT_NE(resumed.Json()["status"], "paused");
    WaitForStatus(project, id, "sent");
    EXPECT_EQ(project_sink().WaitFor(address).subject, "Paused Mail");

    const std::string cancelled = SendHtml(project, user["id"], "Cancelled Mail", {{"scheduled_at_millis", FarFuture()}});
    const auto cancel = PatchEmail(project, cancelled, {{"cancel", true}});
    ASSERT_EQ(cancel.status, 200) << cancel.body;
    EXPECT_EQ(cancel.Json()["status"], "skipped");
    EXPECT_EQ(cancel.Json()["skipped_reason"], "MANUALLY_CANCELLED");
    EXPECT_EQ(cancel.Json()["skipped_details"], json::object());
    EXPECT_EQ(cancel.Json()["has_rendered"], true);
    ExpectKnownError(PatchEmail(project, cancelled, {{"cancel", true}}), 400, "EMAIL_NOT_EDITABLE");
    ExpectKnownError(PatchEmail(project, cancelled, {{"cancel", false}}), 400, "SCHEMA_ERROR");
}

TEST_F(EmailOutboxTest, EditingContentOrRecipientRendersAgain) {
    const auto project = CreateCustomSmtpProject("Outbox Edit");
    const auto user = CreateUserIn(project, {{"primary_email", UniqueEmail("edit-old")}});
    const std::string id = SendHtml(project, user["id"], "Edited Mail", {{"scheduled_at_millis", FarFuture()}});

    // TSX that is not a raw-HTML send cannot be run here: upstream's render error.
    const auto broken = PatchEmail(project, id, {{"tsx_source", "export function EmailTemplate() { return null; }"}});
    ASSERT_EQ(broken.status, 200) << broken.body;
    EXPECT_EQ(broken.Json()["status"], "render-error");
    EXPECT_EQ(broken.Json()["simple_status"], "error");
    EXPECT_EQ(broken.Json()["render_error"],
              "An error occurred while rendering the email. Make sure the template/draft is valid and the theme is "
              "set correctly.");
    EXPECT_FALSE(broken.Json().contains("html"));

    const std::string new_address = UniqueEmail("edit-new");
    const std::string source =
        "export const variablesSchema = v => v;\nexport function EmailTemplate() {\n  return <>\n"
        "    <div dangerouslySetInnerHTML={{ __html: \"<b>New body</b>\"}} />\n  </>\n};";
    const auto edited = PatchEmail(project, id,
                                   {{"tsx_source", source},
                                    {"theme_id", nullptr},
                                    {"to", {{"type", "custom-emails"}, {"emails", {new_address}}}},
                                    {"scheduled_at_millis", NowMs() - 1000}});
    ASSERT_EQ(edited.status, 200) << edited.body;
    EXPECT_TRUE(edited.Json()["theme_id"].is_null());
    EXPECT_EQ(edited.Json()["html"], "<b>New body</b>");
    EXPECT_EQ(edited.Json()["to"], json({{"type", "custom-emails"}, {"emails", {new_address}}}));
    WaitForStatus(project, id, "sent");
    const auto message = project_sink().WaitFor(new_address);
    EXPECT_EQ(message.subject, "Edited Mail");
    EXPECT_EQ(message.html, "<b>New body</b>");
    EXPECT_EQ(message.text, "New body");

    ExpectKnownError(PatchEmail(project, id, {{"to", {{"type", "nobody"}}}}), 400, "SCHEMA_ERROR");
    ExpectKnownError(PatchEmail(project, id, {{"scheduled_at_millis", "tomorrow"}}), 400, "SCHEMA_ERROR");
    ExpectKnownError(PatchEmail(project, id, {{"variables", {1, 2}}}), 400, "SCHEMA_ERROR");
}

TEST_F(EmailOutboxTest, CustomEmailsWithoutAddressesAreSkipped) {
    const auto project = CreateCustomSmtpProject("Outbox No Address");
    const auto user = CreateUserIn(project, {{"primary_email", UniqueEmail("no-address")}});
    const std::string id = SendHtml(project, user["id"], "No Address", {{"scheduled_at_millis", FarFuture()}});
    ASSERT_EQ(PatchEmail(project, id, {{"to", {{"type", "custom-emails"}, {"emails", json::array()}}},
                                       {"scheduled_at_millis", NowMs() - 1000}})
                  .status,
              200);
    EXPECT_EQ(WaitForStatus(project, id, "skipped")["skipped_reason"], "NO_EMAIL_PROVIDED");
}

TEST_F(EmailOutboxTest, DeletedRecipientIsSkipped) {
    const auto project = CreateCustomSmtpProject("Outbox Deleted");
    const auto user = CreateUserIn(project, {{"primary_email", UniqueEmail("deleted")}});
    const std::string id = SendHtml(project, user["id"], "Deleted User", {{"scheduled_at_millis", FarFuture()}});
    ASSERT_EQ(server().Request("DELETE", "/api/v1/users/" + user["id"].get<std::string>(), project.admin).status, 200);
    ASSERT_EQ(PatchEmail(project, id, {{"scheduled_at_millis", NowMs() - 1000}}).status, 200);
    EXPECT_EQ(WaitForStatus(project, id, "skipped")["skipped_reason"], "USER_ACCOUNT_DELETED");
}

TEST_F(EmailOutboxTest, UnreachableServerEndsInServerErrorThatCanStillBeEdited) {
    const auto project = CreateProject("Outbox Server Error", CustomEmailConfig(25, "smtp.stackd.invalid"));
    const auto user = CreateUserIn(project, {{"primary_email", UniqueEmail("server-error")}});
    const std::string id = SendHtml(project, user["id"], "Server Error Mail");
    const auto failed = WaitForStatus(project, id, "server-error");
    EXPECT_EQ(failed["simple_status"], "error");
    EXPECT_TRUE(failed["error_at_millis"].is_number());
    EXPECT_TRUE(failed["server_error"].is_string());
    EXPECT_EQ(failed["send_retries"], 1);
    ASSERT_EQ(failed["send_attempt_errors"].size(), 1u);
    EXPECT_EQ(failed["send_attempt_errors"][0]["attempt_number"], 1);
    EXPECT_EQ(failed["send_attempt_errors"][0]["external_details"]["errorType"], "HOST_NOT_FOUND");
    const auto paused = PatchEmail(project, id, {{"is_paused", true}});
    ASSERT_EQ(paused.status, 200) << paused.body;
    EXPECT_EQ(paused.Json()["status"], "paused");
}

TEST_F(EmailOutboxTest, IncompleteServerConfigIsAServerError) {
    const auto project = CreateCustomSmtpProject("Outbox Incomplete Server");
    const auto user = CreateUserIn(project, {{"primary_email", UniqueEmail("incomplete")}});
    // A custom server without port, credentials or sender.
    const auto overridden =
        SendJson(server(), "PATCH", "/api/v1/internal/config/override/environment",
                 {{"config_override_string",
                   json({{"emails.server", {{"isShared", false}, {"provider", "smtp"}, {"host", "127.0.0.1"}}}}).dump()}},
                 project.admin);
    ASSERT_EQ(overridden.status, 200) << overridden.body;
    const std::string id = SendHtml(project, user["id"], "Incomplete Server");
    const auto failed = WaitForStatus(project, id, "server-error");
    EXPECT_EQ(failed["server_error"],
              "An error occurred while sending the email. If you are the admin of this project, please check the email "
              "configuration and try again.");
    EXPECT_TRUE(failed["send_attempt_errors"].is_null());
}

TEST_F(EmailOutboxTest, RetryableFailureWaitsWithTheAttemptLogged) {
    // Port 1: nobody listens, the connection is refused and the send is retried with backoff.
    const auto project = CreateProject("Outbox Retry", CustomEmailConfig(1));
    const auto user = CreateUserIn(project, {{"primary_email", UniqueEmail("retry")}});
    const std::string id = SendHtml(project, user["id"], "Retry Mail");
    nlohmann::json email;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < deadline) {
        email = GetEmail(project, id).Json();
        if (email.value("send_retries", 0) == 1) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_EQ(email["status"], "scheduled");
    EXPECT_EQ(email["send_retries"], 1);
    EXPECT_TRUE(email["next_send_retry_at_millis"].is_number());
    EXPECT_GT(email["next_send_retry_at_millis"].get<int64_t>(), NowMs());
    ASSERT_EQ(email["send_attempt_errors"].size(), 1u);
    EXPECT_EQ(email["send_attempt_errors"][0]["external_details"]["errorType"], "CONNECTION_FAILED");
    EXPECT_TRUE(email["send_attempt_errors"][0]["timestamp"].is_string());
}

}  // namespace
}  // namespace stackd::testing
