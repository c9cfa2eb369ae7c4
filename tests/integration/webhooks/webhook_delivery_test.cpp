// Webhook delivery (platform.md §3.1): the worker hands each queued event to Svix (here a
// real HTTP server that answers as Svix's API does and records what it gets): get-or-create
// the project's application, then create the message; retries with backoff on 429/5xx and
// leaves a final state on the outbox row.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "integration/webhooks/webhook_rows.hpp"
#include "support/http_receiver.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

constexpr const char* kSvixKey = "testsk_stackd-webhook-tests";
constexpr const char* kAppTarget = "/api/v1/app?get_if_exists=true";

bool IsMessage(const HttpReceiver::Request& request) {
    return request.method == "POST" && request.target == "/api/v1/app/internal/msg";
}

size_t MessageCount(const std::vector<HttpReceiver::Request>& requests) {
    return static_cast<size_t>(std::count_if(requests.begin(), requests.end(), IsMessage));
}

// Svix's answers: the application (200), the accepted message (202); `message_status`
// decides the message answer for the n-th message request (1-based).
HttpReceiver::Responder SvixAnswers(std::function<int(size_t)> message_status, int app_status = 200) {
    auto count = std::make_shared<size_t>(0);
    return [=](const HttpReceiver::Request& request) -> HttpReceiver::Reply {
        if (request.method == "POST" && request.target == kAppTarget) {
            return {app_status, app_status == 200 ? R"({"id":"app_2a","uid":"internal","name":"internal"})"
                                                  : R"({"code":"conflict","detail":"exists"})"};
        }
        if (IsMessage(request)) {
            const int status = message_status(++*count);
            return {status, status == 202 ? R"({"id":"msg_2b","eventType":"x"})" : R"({"detail":"no"})"};
        }
        return {404, R"({"detail":"not found"})"};
    };
}

class WebhookDeliveryTest : public ::testing::Test {
protected:
    void StartServer(const std::string& data_dir = "") {
        server_ = std::make_unique<TestServer>(TestServer::Options{
            .env = {{"STACK_SVIX_API_KEY", kSvixKey}, {"STACK_SVIX_SERVER_URL", receiver_.base_url() + "/"}},
            .data_dir = data_dir});
    }
    // The row for the team.created of `team_id`, once it reached `status` (after `attempts`).
    WebhookRow WaitForTeamEvent(const std::string& team_id, const std::string& status, int64_t attempts = -1) const {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (std::chrono::steady_clock::now() < deadline) {
            for (const auto& row : ReadWebhookRows(*server_)) {
                if (row.type == "team.created" && row.data["id"] == team_id && row.status == status &&
                    (attempts < 0 || row.attempts == attempts)) {
                    return row;
                }
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        ADD_FAILURE() << "team.created for " << team_id << " never became " << status;
        return {};
    }

    HttpReceiver receiver_;
    std::unique_ptr<TestServer> server_;
};

TEST_F(WebhookDeliveryTest, EachEventBecomesOneSvixMessageOnTheProjectsApplication) {
    receiver_.SetResponder(SvixAnswers([](size_t) { return 202; }));
    StartServer();
    const json team = MakeTeam(*server_, "Delivered");
    const auto row = WaitForTeamEvent(team["id"], "sent");
    EXPECT_EQ(row.attempts, 1);
    EXPECT_EQ(row.last_error, std::nullopt);

    const auto requests = receiver_.Requests();
    std::optional<HttpReceiver::Request> app;
    std::optional<HttpReceiver::Request> message;
    for (const auto& request : requests) {
        if (request.target == kAppTarget) {
            app = request;
        } else if (IsMessage(request) && json::parse(request.body)["payload"]["data"]["id"] == team["id"]) {
            message = request;
        }
    }
    ASSERT_TRUE(app && message);
    EXPECT_EQ(json::parse(app->body), json({{"uid", "internal"}, {"name", "internal"}}));
    EXPECT_EQ(app->headers.at("authorization"), std::string("Bearer ") + kSvixKey);
    EXPECT_EQ(message->headers.at("authorization"), std::string("Bearer ") + kSvixKey);
    EXPECT_EQ(message->headers.at("content-type"), "application/json");
    EXPECT_EQ(json::parse(message->body),
              json({{"eventType", "team.created"}, {"payload", {{"type", "team.created"}, {"data", team}}}}));
    // The outbox row id: a redelivered row is one message at Svix.
    EXPECT_EQ(message->headers.at("idempotency-key"), row.id);
}

TEST_F(WebhookDeliveryTest, AnExistingApplicationAnsweringConflictStillGetsTheMessage) {
    receiver_.SetResponder(SvixAnswers([](size_t) { return 202; }, 409));
    StartServer();
    const json team = MakeTeam(*server_, "Conflicted");
    EXPECT_EQ(WaitForTeamEvent(team["id"], "sent").attempts, 1);
}

TEST_F(WebhookDeliveryTest, RateLimitsAreRetriedWithBackoffUntilAccepted) {
    receiver_.SetResponder(SvixAnswers([](size_t n) { return n <= 2 ? 429 : 202; }));
    StartServer();
    const json team = MakeTeam(*server_, "Patient");
    const auto row = WaitForTeamEvent(team["id"], "sent");
    EXPECT_EQ(row.attempts, 3);
    std::set<std::string> keys;
    for (const auto& request : receiver_.Requests()) {
        if (IsMessage(request)) {
            keys.insert(request.headers.at("idempotency-key"));
        }
    }
    EXPECT_EQ(keys, std::set<std::string>{row.id});
    EXPECT_EQ(MessageCount(receiver_.Requests()), 3u);
}

TEST_F(WebhookDeliveryTest, AnUnexpectedAnswerFailsTheEventForGood) {
    receiver_.SetResponder(SvixAnswers([](size_t) { return 422; }));
    StartServer();
    const json team = MakeTeam(*server_, "Rejected");
    const auto row = WaitForTeamEvent(team["id"], "failed");
    EXPECT_EQ(row.attempts, 1);
    ASSERT_TRUE(row.last_error.has_value());
    EXPECT_NE(row.last_error->find("HTTP 422"), std::string::npos) << *row.last_error;
    EXPECT_EQ(row.last_error->find(kSvixKey), std::string::npos);
    std::this_thread::sleep_for(std::chrono::milliseconds(600));  // a few worker polls
    EXPECT_EQ(MessageCount(receiver_.Requests()), 1u);
}

TEST_F(WebhookDeliveryTest, SvixFailingFiveTimesFailsTheEventAfterTheFifthAttempt) {
    receiver_.SetResponder(SvixAnswers([](size_t) { return 503; }));
    StartServer();
    const json team = MakeTeam(*server_, "Doomed");
    // Each backoff is at most 1.5 s · 2^3: moving the server clock a minute per attempt
    // makes every retry due at once.
    for (size_t attempt = 1; attempt <= 4; ++attempt) {
        receiver_.WaitUntil([&](const auto& requests) { return MessageCount(requests) >= attempt; });
        WaitForTeamEvent(team["id"], "pending", static_cast<int64_t>(attempt));
        SetClockOffset(*server_, static_cast<int64_t>(attempt) * 60000);
    }
    const auto row = WaitForTeamEvent(team["id"], "failed");
    EXPECT_EQ(row.attempts, 5);
    ASSERT_TRUE(row.last_error.has_value());
    EXPECT_NE(row.last_error->find("HTTP 503"), std::string::npos) << *row.last_error;
    SetClockOffset(*server_, 3600000);
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    EXPECT_EQ(MessageCount(receiver_.Requests()), 5u);
}

TEST_F(WebhookDeliveryTest, EventsQueuedWhileSvixIsDownAreDeliveredOnceItAnswers) {
    // Shared with the receiver's thread, which may answer after this body returns.
    auto up = std::make_shared<std::atomic<bool>>(false);
    receiver_.SetResponder(SvixAnswers([up](size_t) { return up->load() ? 202 : 500; }));
    StartServer();
    const json team = MakeTeam(*server_, "Eventually");
    receiver_.WaitUntil([](const auto& requests) { return MessageCount(requests) >= 1; });
    WaitForTeamEvent(team["id"], "pending", 1);
    up->store(true);
    SetClockOffset(*server_, 60000);
    EXPECT_EQ(WaitForTeamEvent(team["id"], "sent").attempts, 2);
}

// STYLE.md §7 restart step: events queued by a server without Svix survive a crash and are
// delivered exactly once by a restarted server that has Svix.
TEST_F(WebhookDeliveryTest, EventsQueuedWithoutSvixAreDeliveredOnceAfterARestart) {
    receiver_.SetResponder(SvixAnswers([](size_t) { return 202; }));
    TestServer first;
    const json team = MakeTeam(first, "Queued");
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // a worker would have run by now
    const auto queued = ReadWebhookRows(first);
    ASSERT_EQ(queued.size(), 1u);
    EXPECT_EQ(queued[0].status, "pending");
    EXPECT_EQ(queued[0].attempts, 0);
    first.Kill();
    EXPECT_TRUE(receiver_.Requests().empty());

    StartServer(first.data_dir());
    EXPECT_EQ(WaitForTeamEvent(team["id"], "sent").attempts, 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    EXPECT_EQ(MessageCount(receiver_.Requests()), 1u);

    // The log tells what was sent, never the Svix key.
    std::ifstream log_file(first.data_dir() + "/stackd.log");
    std::stringstream log;
    log << log_file.rdbuf();
    EXPECT_NE(log.str().find(queued[0].id), std::string::npos);
    EXPECT_EQ(log.str().find(kSvixKey), std::string::npos);
}

}  // namespace
}  // namespace stackd::testing
