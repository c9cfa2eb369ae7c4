// Durability of the email outbox: emails queued by a server without SMTP survive a crash
// (SIGKILL) and are delivered exactly once by the restarted server (STYLE.md §7 restart step).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "support/auth_helpers.hpp"
#include "support/email_test_server.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

TEST(EmailOutboxRestartTest, QueuedEmailsArriveExactlyOnceAfterACrash) {
    SmtpSink sink;
    TestServer first(TestServer::Options{.env = EmailServerEnv(nullptr)});
    std::vector<std::string> recipients;
    std::vector<std::string> nonces;
    for (int index = 0; index < 3; ++index) {
        recipients.push_back(UniqueEmail("restart"));
        const auto response =
            first.Post("/api/v1/auth/otp/send-sign-in-code",
                       json{{"email", recipients.back()}, {"callback_url", kCallbackUrl}}.dump(),
                       TestServer::ClientHeaders());
        ASSERT_EQ(response.status, 200) << response.body;
        nonces.push_back(response.Json()["nonce"]);
    }
    first.Kill();
    EXPECT_TRUE(sink.Messages().empty());

    // The log names the queued emails but never their codes.
    std::ifstream log_file(first.data_dir() + "/stackd.log");
    std::stringstream log;
    log << log_file.rdbuf();
    for (size_t index = 0; index < recipients.size(); ++index) {
        EXPECT_NE(log.str().find(recipients[index]), std::string::npos);
        EXPECT_EQ(log.str().find(nonces[index]), std::string::npos);
    }
    EXPECT_EQ(log.str().find("code="), std::string::npos);

    TestServer second(TestServer::Options{.env = EmailServerEnv(&sink), .data_dir = first.data_dir()});
    for (const auto& recipient : recipients) {
        sink.WaitFor(recipient);
    }
    // Give a duplicate every chance to show up before counting.
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    for (size_t index = 0; index < recipients.size(); ++index) {
        const auto messages = sink.MessagesTo(recipients[index]);
        ASSERT_EQ(messages.size(), 1u) << recipients[index];
        // The delivered code still signs in on the new server.
        const auto signed_in = second.Post("/api/v1/auth/otp/sign-in",
                                           json{{"code", SmtpSink::CodeFromLink(messages[0])}}.dump(),
                                           TestServer::ClientHeaders());
        EXPECT_EQ(signed_in.status, 200) << signed_in.body;
    }
    EXPECT_EQ(sink.Messages().size(), recipients.size());
}

}  // namespace
}  // namespace stackd::testing
