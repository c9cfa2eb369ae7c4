// CLI login (auth.md §3.7): POST /api/v1/auth/cli, /auth/cli/poll and /auth/cli/complete.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "support/auth_helpers.hpp"
#include "support/test_server.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

constexpr const char* kInvalidLoginCode = "Invalid login code or the code has expired";

class CliAuthTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server_ = new TestServer(); }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }
    void TearDown() override { SetClockOffset(*server_, 0); }

    static HttpResponse Call(const std::string& path, const json& body,
                             const Headers& headers = TestServer::ClientHeaders()) {
        return server_->Post(path, body.dump(), headers);
    }
    static json Initiate(const json& body = json::object()) {
        const auto response = Call("/api/v1/auth/cli", body);
        EXPECT_EQ(response.status, 200) << response.body;
        return response.Json();
    }
    static HttpResponse Poll(const std::string& polling_code) {
        return Call("/api/v1/auth/cli/poll", {{"polling_code", polling_code}});
    }
    static HttpResponse Complete(const json& body) { return Call("/api/v1/auth/cli/complete", body); }

    static TestServer* server_;
};
TestServer* CliAuthTest::server_ = nullptr;

TEST_F(CliAuthTest, FullFlowHandsTheBrowserSessionToTheCliOnce) {
    const auto attempt = Initiate();
    ASSERT_EQ(attempt.size(), 3u) << attempt;
    const std::string polling_code = attempt["polling_code"];
    const std::string login_code = attempt["login_code"];
    EXPECT_EQ(polling_code.size(), 45u);
    EXPECT_EQ(login_code.size(), 45u);
    EXPECT_NE(polling_code, login_code);
    const std::string expires_at = attempt["expires_at"];
    EXPECT_EQ(expires_at.size(), 24u) << expires_at;  // 2026-01-02T03:04:05.678Z
    EXPECT_EQ(expires_at.back(), 'Z');

    auto waiting = Poll(polling_code);
    EXPECT_EQ(waiting.status, 200) << waiting.body;
    EXPECT_EQ(waiting.Json(), json({{"status", "waiting"}}));

    const auto browser = SignUp(*server_, UniqueEmail("cli-browser"));
    const auto check = Complete({{"login_code", login_code}, {"mode", "check"}});
    EXPECT_EQ(check.status, 200) << check.body;
    EXPECT_EQ(check.Json(), json({{"cli_session_state", "none"}}));

    const auto completed = Complete({{"login_code", login_code}, {"refresh_token", browser.refresh_token}});
    ASSERT_EQ(completed.status, 200) << completed.body;
    EXPECT_EQ(completed.Json(), json({{"success", true}}));

    const auto success = Poll(polling_code);
    ASSERT_EQ(success.status, 201) << success.body;
    EXPECT_EQ(success.Json(), json({{"status", "success"}, {"refresh_token", browser.refresh_token}}));
    // The CLI now shares the browser's session.
    EXPECT_EQ(Refresh(*server_, browser.refresh_token).status, 200);

    const auto used = Poll(polling_code);
    EXPECT_EQ(used.status, 200);
    EXPECT_EQ(used.Json(), json({{"status", "used"}}));

    // A completed code cannot be completed or inspected again.
    ExpectTextError(Complete({{"login_code", login_code}, {"refresh_token", browser.refresh_token}}), 400,
                    kInvalidLoginCode);
    ExpectTextError(Complete({{"login_code", login_code}, {"mode", "check"}}), 400, kInvalidLoginCode);
}

TEST_F(CliAuthTest, InitiateValidatesItsBodyAndAccess) {
    // No body at all is the empty body.
    const auto bare = server_->Request("POST", "/api/v1/auth/cli", TestServer::ClientHeaders());
    EXPECT_EQ(bare.status, 200) << bare.body;
    ExpectKnownError(server_->Post("/api/v1/auth/cli", "{}"), 400, "ACCESS_TYPE_REQUIRED");
    EXPECT_EQ(Call("/api/v1/auth/cli", json::object(), TestServer::ServerHeaders()).status, 200);

    ExpectSchemaError(Call("/api/v1/auth/cli", {{"expires_in_millis", 86400001}}), "POST", "/api/v1/auth/cli",
                      {"body.expires_in_millis must be less than or equal to 86400000"});
    ExpectSchemaError(Call("/api/v1/auth/cli", {{"other", 1}}), "POST", "/api/v1/auth/cli",
                      {"body contains unknown properties: other"});
    ExpectSchemaError(Call("/api/v1/auth/cli/poll", json::object()), "POST", "/api/v1/auth/cli/poll",
                      {"body.polling_code must be defined"});
    ExpectSchemaError(Complete(json::object()), "POST", "/api/v1/auth/cli/complete",
                      {"body.login_code must be defined"});

    // The requested lifetime sets expires_at.
    SetClockOffset(*server_, 0);
    const auto attempt = Initiate({{"expires_in_millis", 86400000}});
    const std::string expires_at = attempt["expires_at"];
    EXPECT_GT(expires_at, Initiate({{"expires_in_millis", 1000}})["expires_at"].get<std::string>());
}

TEST_F(CliAuthTest, ExpiredAttemptsCanNeitherBePolledNorCompleted) {
    const auto attempt = Initiate({{"expires_in_millis", 60000}});
    const auto browser = SignUp(*server_, UniqueEmail("cli-expired"));
    SetClockOffset(*server_, 120000);
    const auto expired = Poll(attempt["polling_code"]);
    EXPECT_EQ(expired.status, 200);
    EXPECT_EQ(expired.Json(), json({{"status", "expired"}}));
    SetClockOffset(*server_, 0);
    const auto fresh = Initiate({{"expires_in_millis", 60000}});
    SetClockOffset(*server_, 120000);
    ExpectTextError(Complete({{"login_code", fresh["login_code"]}, {"refresh_token", browser.refresh_token}}), 400,
                    kInvalidLoginCode);
    ExpectTextError(Complete({{"login_code", fresh["login_code"]}, {"mode", "check"}}), 400, kInvalidLoginCode);
}

TEST_F(CliAuthTest, PollingAnUnknownCodeIsAKnownError) {
    const json expected = {{"code", "INVALID_POLLING_CODE"},
                           {"error", "The polling code is invalid or does not exist."}};
    EXPECT_EQ(ExpectKnownError(Poll("not-a-polling-code"), 400, "INVALID_POLLING_CODE"), expected);
    // The login code is not a polling code.
    ExpectKnownError(Poll(Initiate()["login_code"]), 400, "INVALID_POLLING_CODE");
}

TEST_F(CliAuthTest, CompleteErrors) {
    const auto attempt = Initiate();
    const std::string login_code = attempt["login_code"];
    ExpectTextError(Complete({{"login_code", "unknown"}, {"mode", "check"}}), 400, kInvalidLoginCode);
    ExpectTextError(Complete({{"login_code", attempt["polling_code"]}, {"mode", "check"}}), 400, kInvalidLoginCode);
    ExpectTextError(Complete({{"login_code", login_code}}), 400, "refresh_token is required when mode is 'complete'");
    ExpectTextError(Complete({{"login_code", login_code}, {"mode", "complete"}, {"refresh_token", ""}}), 400,
                    "refresh_token is required when mode is 'complete'");
    ExpectTextError(Complete({{"login_code", login_code}, {"refresh_token", "not-a-refresh-token"}}), 400,
                    "Invalid refresh token");
    ExpectSchemaError(Complete({{"login_code", login_code}, {"mode", "merge"}}), "POST", "/api/v1/auth/cli/complete",
                      {"body.mode must be one of the following values: check, claim-anon-session, complete"});

    // An expired browser session is no refresh token.
    const auto user = CreateUser(*server_, {{"primary_email", UniqueEmail("cli-short")}});
    const auto short_session =
        Call("/api/v1/auth/sessions", {{"user_id", user["id"]}, {"expires_in_millis", 60000}},
             TestServer::ServerHeaders());
    ASSERT_EQ(short_session.status, 200) << short_session.body;
    SetClockOffset(*server_, 120000);
    ExpectTextError(
        Complete({{"login_code", Initiate()["login_code"]}, {"refresh_token", short_session.Json()["refresh_token"]}}),
        400, "Invalid refresh token");
    SetClockOffset(*server_, 0);

    // A refresh token of another project.
    CreateProjectInDatabase(*server_, "cli-other", "cli-other-server-key");
    const auto other_headers = ServerHeadersFor("cli-other", "cli-other-server-key");
    const auto other_user = CreateUser(*server_, {{"primary_email", UniqueEmail("cli-other")}}, other_headers);
    const auto other_tokens = CreateSession(*server_, other_user["id"], other_headers);
    ExpectTextError(Complete({{"login_code", login_code}, {"refresh_token", other_tokens.refresh_token}}), 400,
                    "Refresh token does not belong to this project");
    // Codes are tenancy-scoped: the other project does not know this attempt.
    ExpectTextError(Call("/api/v1/auth/cli/complete", {{"login_code", login_code}, {"mode", "check"}}, other_headers),
                    400, kInvalidLoginCode);
    ExpectKnownError(Call("/api/v1/auth/cli/poll", {{"polling_code", attempt["polling_code"]}}, other_headers), 400,
                     "INVALID_POLLING_CODE");

    // None of the failures consumed the attempt.
    const auto waiting = Poll(attempt["polling_code"]);
    EXPECT_EQ(waiting.Json(), json({{"status", "waiting"}}));
}

TEST_F(CliAuthTest, InitiateChecksTheAnonymousRefreshToken) {
    ExpectTextError(Call("/api/v1/auth/cli", {{"anon_refresh_token", "nope"}}), 400, "Invalid anon refresh token");
    const auto regular = SignUp(*server_, UniqueEmail("cli-regular"));
    ExpectTextError(Call("/api/v1/auth/cli", {{"anon_refresh_token", regular.refresh_token}}), 400,
                    "The provided refresh token does not belong to an anonymous user");

    CreateProjectInDatabase(*server_, "cli-anon-other", "cli-anon-other-key");
    const auto other_headers = ServerHeadersFor("cli-anon-other", "cli-anon-other-key");
    const auto other_user = CreateUser(*server_, {{"is_anonymous", true}}, other_headers);
    const auto other_tokens = CreateSession(*server_, other_user["id"], other_headers);
    ExpectTextError(Call("/api/v1/auth/cli", {{"anon_refresh_token", other_tokens.refresh_token}}), 400,
                    "Anon refresh token does not belong to this project");

    const auto anonymous = SignUpAnonymously(*server_);
    const auto short_session = Call("/api/v1/auth/sessions",
                                    {{"user_id", anonymous.user_id}, {"expires_in_millis", 60000}},
                                    TestServer::ServerHeaders());
    ASSERT_EQ(short_session.status, 200) << short_session.body;
    SetClockOffset(*server_, 120000);
    ExpectTextError(Call("/api/v1/auth/cli", {{"anon_refresh_token", short_session.Json()["refresh_token"]}}), 400,
                    "The provided anon refresh token has expired");
    SetClockOffset(*server_, 0);

    // An empty token is no token.
    EXPECT_EQ(Call("/api/v1/auth/cli", {{"anon_refresh_token", ""}}).status, 200);
}

TEST_F(CliAuthTest, AnonymousSessionCanBeClaimedOnce) {
    const auto anonymous = SignUpAnonymously(*server_);
    const auto attempt = Initiate({{"anon_refresh_token", anonymous.refresh_token}});
    const std::string login_code = attempt["login_code"];

    const auto check = Complete({{"login_code", login_code}, {"mode", "check"}});
    EXPECT_EQ(check.status, 200) << check.body;
    EXPECT_EQ(check.Json(), json({{"cli_session_state", "anonymous"}}));

    const auto claimed = Complete({{"login_code", login_code}, {"mode", "claim-anon-session"}});
    ASSERT_EQ(claimed.status, 200) << claimed.body;
    const auto body = claimed.Json();
    ASSERT_EQ(body.size(), 2u) << body;
    EXPECT_EQ(body["refresh_token"], anonymous.refresh_token);
    const auto claims = JwtPart(body["access_token"], 1);
    EXPECT_EQ(claims["sub"], anonymous.user_id);
    EXPECT_EQ(claims["is_anonymous"], true);

    // One-shot: the anonymous session is gone from the attempt, which stays pending.
    ExpectTextError(Complete({{"login_code", login_code}, {"mode", "claim-anon-session"}}), 400,
                    "No anonymous session associated with this code");
    EXPECT_EQ(Complete({{"login_code", login_code}, {"mode", "check"}}).Json(), json({{"cli_session_state", "none"}}));

    // An attempt without an anonymous session has nothing to claim.
    ExpectTextError(Complete({{"login_code", Initiate()["login_code"]}, {"mode", "claim-anon-session"}}), 400,
                    "No anonymous session associated with this code");
}

TEST_F(CliAuthTest, CompletingForgetsTheAnonymousSessionWithoutMergingIt) {
    const auto anonymous = SignUpAnonymously(*server_);
    const auto attempt = Initiate({{"anon_refresh_token", anonymous.refresh_token}});
    const auto browser = SignUp(*server_, UniqueEmail("cli-upgrade"));
    ASSERT_EQ(Complete({{"login_code", attempt["login_code"]}, {"refresh_token", browser.refresh_token}}).status, 200);
    const auto success = Poll(attempt["polling_code"]);
    EXPECT_EQ(success.Json()["refresh_token"], browser.refresh_token);
    // The anonymous user and its session are untouched.
    EXPECT_EQ(Refresh(*server_, anonymous.refresh_token).status, 200);
}

TEST_F(CliAuthTest, AnonymousSessionThatDiedIsNotOffered) {
    const auto anonymous = SignUpAnonymously(*server_);
    const auto short_session = Call("/api/v1/auth/sessions",
                                    {{"user_id", anonymous.user_id}, {"expires_in_millis", 60000}},
                                    TestServer::ServerHeaders());
    ASSERT_EQ(short_session.status, 200) << short_session.body;
    const auto attempt = Initiate({{"anon_refresh_token", short_session.Json()["refresh_token"]}});
    SetClockOffset(*server_, 120000);
    EXPECT_EQ(Complete({{"login_code", attempt["login_code"]}, {"mode", "check"}}).Json(),
              json({{"cli_session_state", "none"}}));
    ExpectTextError(Complete({{"login_code", attempt["login_code"]}, {"mode", "claim-anon-session"}}), 400,
                    "No anonymous session associated with this code");
}

TEST_F(CliAuthTest, ConcurrentCompletesAndPollsHaveOneWinner) {
    const auto attempt = Initiate();
    const auto first = SignUp(*server_, UniqueEmail("cli-race-a"));
    const auto second = SignUp(*server_, UniqueEmail("cli-race-b"));
    std::atomic<int> completed{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([&, i] {
            const auto& tokens = i % 2 == 0 ? first : second;
            const auto response =
                Complete({{"login_code", attempt["login_code"]}, {"refresh_token", tokens.refresh_token}});
            if (response.status == 200) {
                ++completed;
            } else {
                EXPECT_EQ(response.status, 400);
                EXPECT_EQ(response.body, kInvalidLoginCode);
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(completed.load(), 1);

    threads.clear();
    std::atomic<int> successes{0};
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([&] {
            const auto response = Poll(attempt["polling_code"]);
            if (response.status == 201) {
                ++successes;
            } else {
                EXPECT_EQ(response.Json(), json({{"status", "used"}}));
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(successes.load(), 1);
}

}  // namespace
}  // namespace stackd::testing
