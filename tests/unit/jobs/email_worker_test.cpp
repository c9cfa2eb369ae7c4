#include <gtest/gtest.h>

#include "jobs/email_worker.hpp"
#include "jobs/smtp_sender.hpp"

namespace stackd::jobs {
namespace {

TEST(EmailWorkerTest, BackoffDoublesPerAttemptWithJitter) {
    EXPECT_EQ(EmailWorker::BackoffMs(1, 20000, 0.0), 20000);   // 0.5 · 20 s · 2
    EXPECT_EQ(EmailWorker::BackoffMs(1, 20000, 0.5), 40000);
    EXPECT_EQ(EmailWorker::BackoffMs(4, 20000, 0.0), 160000);
}

TEST(SmtpMessageTest, HeadersAndBase64Parts) {
    OutgoingEmail email{.id = "id-1", .sender_name = "Ünïcode \"App\"", .to = {"a@example.com"},
                        .subject = "Sign in to Ü", .html = "<p>x</p>", .text = "x"};
    const std::string message = BuildMimeMessage(email, "noreply@example.com", 0);
    EXPECT_NE(message.find("From: =?UTF-8?B?"), std::string::npos);
    EXPECT_NE(message.find("Subject: =?UTF-8?B?"), std::string::npos);
    EXPECT_NE(message.find("To: a@example.com\r\n"), std::string::npos);
    EXPECT_NE(message.find("Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"), std::string::npos);
    EXPECT_NE(message.find("Message-ID: <id-1@example.com>\r\n"), std::string::npos);
    EXPECT_NE(message.find("PHA+eDwvcD4=\r\n"), std::string::npos);  // base64("<p>x</p>")
    const OutgoingEmail plain{.id = "id-2", .sender_name = "My \"App\"", .to = {"b@example.com"},
                              .subject = "Hi", .html = "", .text = ""};
    EXPECT_NE(BuildMimeMessage(plain, "n@example.com", 0).find("From: \"My \\\"App\\\"\" <n@example.com>"),
              std::string::npos);
    // Plain words need no quotes, as upstream's mailer writes them.
    const OutgoingEmail words{.id = "id-3", .sender_name = "Stack Dashboard", .to = {"c@example.com"},
                              .subject = "Hi", .html = "", .text = ""};
    EXPECT_NE(BuildMimeMessage(words, "n@example.com", 0).find("From: Stack Dashboard <n@example.com>\r\n"),
              std::string::npos);
}

}  // namespace
}  // namespace stackd::jobs
