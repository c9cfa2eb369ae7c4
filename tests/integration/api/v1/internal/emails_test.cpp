// GET /internal/emails: the dashboard's list of recent emails (platform.md §2.8).
#include "../emails/email_test_helpers.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

class InternalEmailsTest : public EmailsTest {};

TEST_F(InternalEmailsTest, SummarisesRecentEmails) {
    const auto project = CreateCustomSmtpProject("Internal Emails");
    const auto user = CreateUserIn(project, {{"primary_email", UniqueEmail("internal-emails")}});
    const std::string sent_id = SendHtml(project, user["id"], "Summary Sent");
    const auto sent = WaitForStatus(project, sent_id, "sent");
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const std::string broken_id = SendHtml(project, user["id"], "Summary Broken", {{"scheduled_at_millis", FarFuture()}});
    ASSERT_EQ(PatchEmail(project, broken_id,
                         {{"tsx_source", "export function EmailTemplate() {}"},
                          {"to", {{"type", "custom-emails"}, {"emails", {"a@example.com", "b@example.com"}}}}})
                  .status,
              200);

    const auto response = server().Get("/api/v1/internal/emails", project.admin);
    ASSERT_EQ(response.status, 200) << response.body;
    const auto body = response.Json();
    EXPECT_EQ(body["is_paginated"], false);
    ASSERT_EQ(body["items"].size(), 2u);
    const auto broken = body["items"][0];
    EXPECT_EQ(broken["id"], broken_id);
    EXPECT_EQ(broken["subject"], "");
    EXPECT_EQ(broken["to"], json({"a@example.com", "b@example.com"}));
    EXPECT_EQ(broken["error"],
              "Render error: An error occurred while rendering the email. Make sure the template/draft is valid and "
              "the theme is set correctly.");
    EXPECT_EQ(body["items"][1], json({{"id", sent_id},
                                      {"subject", "Summary Sent"},
                                      {"sent_at_millis", sent["delivered_at_millis"]},
                                      {"to", {"User ID: " + user["id"].get<std::string>()}},
                                      {"error", nullptr}}));

    ExpectKnownError(server().Get("/api/v1/internal/emails", project.client), 401, "INSUFFICIENT_ACCESS_TYPE");
    const auto other = CreateCustomSmtpProject("Internal Emails Other");
    EXPECT_TRUE(server().Get("/api/v1/internal/emails", other.admin).Json()["items"].empty());
}

}  // namespace
}  // namespace stackd::testing
