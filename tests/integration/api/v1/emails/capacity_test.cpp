// Per-project sending capacity (platform.md §2.4): a burst goes out at once, the rest is
// paced at the project's rate and waits in the queue without counting as attempts.
#include "email_test_helpers.hpp"

#include <chrono>
#include <thread>

namespace stackd::testing {
namespace {

using nlohmann::json;

class EmailCapacityTest : public EmailsTest {
protected:
    // 4 emails an hour: after the burst of 10, the next is due in 15 minutes.
    static void SetUpTestSuite() { StartServer(true, {{"STACK_DEFAULT_EMAIL_CAPACITY_PER_HOUR", "4"}}); }
};

TEST_F(EmailCapacityTest, ABulkSendIsPacedAfterTheBurst) {
    const auto project = CreateCustomSmtpProject("Paced");
    std::vector<std::string> addresses;
    for (int i = 0; i < 12; ++i) {
        addresses.push_back(UniqueEmail("paced-" + std::to_string(i)));
        CreateUserIn(project, {{"primary_email", addresses.back()}});
    }
    const auto response = SendEmail(project, {{"all_users", true}, {"html", "<p>news</p>"}, {"subject", "Paced"}});
    ASSERT_EQ(response.status, 200) << response.body;

    // The burst arrives at once; the other two stay queued (several worker polls later).
    const auto all_sent = [&] {
        size_t sent = 0;
        for (const auto& address : addresses) {
            sent += project_sink().MessagesTo(address).size();
        }
        return sent;
    };
    for (int i = 0; i < 100 && all_sent() < 10; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    EXPECT_EQ(all_sent(), 10u);
    size_t waiting = 0;
    const auto outbox = ListOutbox(project, "?limit=50");
    for (const auto& item : outbox["items"]) {
        if (item["status"] != "sent") {
            ++waiting;
            EXPECT_EQ(item["send_retries"], 0) << item;  // waiting is not a failed attempt
        }
    }
    EXPECT_EQ(waiting, 2u);

    // Once the rate allows (an hour later), the rest is sent.
    SetClockOffset(server(), 60 * 60 * 1000);
    for (const auto& address : addresses) {
        EXPECT_EQ(project_sink().WaitFor(address).subject, "Paced");
    }
}

}  // namespace
}  // namespace stackd::testing
