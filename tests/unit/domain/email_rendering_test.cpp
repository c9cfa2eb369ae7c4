#include "domain/email_rendering.hpp"

#include <gtest/gtest.h>

#include "domain/email_delivery_info.hpp"
#include "domain/email_outbox.hpp"

namespace stackd::domain {
namespace {

TEST(EmailRenderingTest, HtmlSourceRoundTripsThroughUpstreamsWrapper) {
    const std::string html = "<p class=\"a\">Line\none \\ \u00e9</p>";
    const std::string source = TsxSourceForHtml(html);
    EXPECT_EQ(source,
              "export const variablesSchema = v => v;\nexport function EmailTemplate() {\n  return <>\n"
              "    <div dangerouslySetInnerHTML={{ __html: \"<p class=\\\"a\\\">Line\\none \\\\ \u00e9</p>\"}} />\n"
              "  </>\n};");
    EXPECT_EQ(HtmlFromTsxSource(source), html);
    EXPECT_FALSE(HtmlFromTsxSource("export function EmailTemplate() {}").has_value());
    EXPECT_FALSE(HtmlFromTsxSource(source + " ").has_value());
}

TEST(EmailRenderingTest, HtmlToTextKeepsBlocksAndLinks) {
    EXPECT_EQ(HtmlToText("<p>Hello <b>there</b></p><p>Second&nbsp;&amp; last</p>"), "Hello there\n\nSecond & last");
    EXPECT_EQ(HtmlToText("<div>Go <a href=\"https://x.example/a?b=1&amp;c=2\">here</a></div>"),
              "Go here [https://x.example/a?b=1&c=2]");
    EXPECT_EQ(HtmlToText("<html><head><style>p{color:red}</style></head><body>Hi<br>you</body></html>"), "Hi\nyou");
    EXPECT_EQ(HtmlToText(""), "");
}

TEST(EmailRenderingTest, UnknownTsxIsARenderError) {
    EmailContent content;
    content.tsx_source = "export function EmailTemplate() { return <p/> }";
    const auto result = RenderEmailContent(content, "P", std::nullopt, [](const NotificationCategory&) {
        return std::optional<std::string>();
    });
    EXPECT_FALSE(result.rendered.has_value());
    EXPECT_EQ(result.error,
              "An error occurred while rendering the email. Make sure the template/draft is valid and the theme is "
              "set correctly.");
}

TEST(EmailRenderingTest, OnlyMarketingEmailsAskForAnUnsubscribeLink) {
    int asked = 0;
    const UnsubscribeLinkFactory factory = [&](const NotificationCategory& category) {
        ++asked;
        EXPECT_STREQ(category.name, "Marketing");
        return std::optional<std::string>("https://api.example/unsub");
    };
    EmailContent content;
    content.tsx_source = TsxSourceForHtml("<p>News</p>");
    content.theme_id = "1df07ae6-abf3-4a40-83a5-a1a2cbe336ac";
    content.override_notification_category_id = "7bb82d33-2f54-4a3d-9d23-82739e0d66ef";
    auto result = RenderEmailContent(content, "P", std::nullopt, factory);
    ASSERT_TRUE(result.rendered.has_value());
    EXPECT_TRUE(result.rendered->is_transactional);
    EXPECT_EQ(asked, 0);

    content.override_notification_category_id = "4f6f8873-3d04-46bd-8bef-18338b1a1b4c";
    content.override_subject = "Weekly";
    result = RenderEmailContent(content, "P", std::nullopt, factory);
    ASSERT_TRUE(result.rendered.has_value());
    EXPECT_EQ(asked, 1);
    EXPECT_FALSE(result.rendered->is_transactional);
    EXPECT_EQ(result.rendered->subject, "Weekly");
    EXPECT_NE(result.rendered->html.find("href=\"https://api.example/unsub\""), std::string::npos);
    EXPECT_NE(result.rendered->text.find("Click here [https://api.example/unsub] to unsubscribe from these emails"),
              std::string::npos);
}

TEST(EmailRenderingTest, BuiltInTemplateNeedsItsOwnSource) {
    EmailContent content;
    content.template_id = "822687fe-8d0a-4467-a0d1-416b6e639478";
    content.variables = {{"magicLink", "https://app.example/cb?code=x"}, {"otp", "ABC123"}};
    const auto none = [](const NotificationCategory&) { return std::optional<std::string>(); };
    const auto result = RenderEmailContent(content, "Proj", std::string("Ann"), none);
    ASSERT_TRUE(result.rendered.has_value());
    EXPECT_EQ(result.rendered->subject, "Sign in to Proj: Your code is ABC123");
    EXPECT_EQ(result.rendered->loggable_subject, "Sign in to Proj: Your code is ******");
    EXPECT_EQ(result.rendered->notification_category_id, "7bb82d33-2f54-4a3d-9d23-82739e0d66ef");
    EXPECT_TRUE(result.rendered->html.find("Hi, Ann!") != std::string::npos);
    // No theme: the body alone.
    EXPECT_EQ(result.rendered->html.find("<!DOCTYPE"), std::string::npos);

    content.tsx_source = "custom source";
    EXPECT_FALSE(RenderEmailContent(content, "Proj", std::nullopt, none).rendered.has_value());
}

TEST(EmailOutboxStatusTest, FirstMatchingRuleWins) {
    OutboxEmail email;
    email.state = "pending";
    email.next_attempt_at_ms = 2000;
    EXPECT_EQ(OutboxDbStatus(email, 1000), "SCHEDULED");
    EXPECT_EQ(OutboxDbStatus(email, 2000), "QUEUED");
    EXPECT_EQ(OutboxDbSimpleStatus(email), "IN_PROGRESS");
    email.state = "sending";
    EXPECT_EQ(OutboxDbStatus(email, 2000), "SENDING");
    email.state = "failed";
    EXPECT_EQ(OutboxDbStatus(email, 2000), "SERVER_ERROR");
    EXPECT_EQ(OutboxDbSimpleStatus(email), "ERROR");
    email.is_paused = true;
    EXPECT_EQ(OutboxDbStatus(email, 2000), "PAUSED");
    EXPECT_EQ(OutboxDbSimpleStatus(email), "ERROR");  // the simple status ignores the pause
    email.is_paused = false;
    email.state = "sent";
    EXPECT_EQ(OutboxDbStatus(email, 2000), "SENT");
    EXPECT_EQ(OutboxDbSimpleStatus(email), "OK");
    email.skipped_reason = "MANUALLY_CANCELLED";
    EXPECT_EQ(OutboxDbStatus(email, 2000), "SKIPPED");
    email.skipped_reason.reset();
    email.render_error = "broken";
    email.state = "pending";
    EXPECT_EQ(OutboxDbStatus(email, 2000), "RENDER_ERROR");
    EXPECT_EQ(OutboxDbSimpleStatus(email), "ERROR");
}

TEST(EmailDeliveryInfoTest, PenaltyFactorIsClamped) {
    EXPECT_EQ(EmailDeliveryInfoService::PenaltyFactor({0, 5, 5}), 1);
    EXPECT_DOUBLE_EQ(EmailDeliveryInfoService::PenaltyFactor({100, 10, 0}), 0.9);
    EXPECT_DOUBLE_EQ(EmailDeliveryInfoService::PenaltyFactor({100, 0, 1}), 0.5);
    EXPECT_DOUBLE_EQ(EmailDeliveryInfoService::PenaltyFactor({10, 0, 1}), 0.1);
}

}  // namespace
}  // namespace stackd::domain
