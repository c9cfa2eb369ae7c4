#include <filesystem>

#include <gtest/gtest.h>

#include "support/test_server.hpp"

namespace stackd::testing {
namespace {

TEST(ProjectsCurrentTest, ReturnsTheClientReadShapeForEveryAccessType) {
    TestServer::Options options;
    options.env = {{"STACK_SEED_INTERNAL_PROJECT_OAUTH_PROVIDERS", "github,google"},
                   {"STACK_SEED_INTERNAL_PROJECT_OTP_ENABLED", "true"},
                   {"STACK_SEED_INTERNAL_PROJECT_ALLOW_LOCALHOST", "true"}};
    TestServer server(options);
    const nlohmann::json expected = {
        {"id", "internal"},
        {"display_name", "Stack Dashboard"},
        {"config",
         {{"sign_up_enabled", true},
          {"credential_enabled", true},
          {"magic_link_enabled", true},
          {"passkey_enabled", false},
          {"client_team_creation_enabled", true},
          {"client_user_deletion_enabled", false},
          {"allow_user_api_keys", false},
          {"allow_team_api_keys", false},
          {"enabled_oauth_providers", {{{"id", "github"}}, {{"id", "google"}}}},
          {"domains", nlohmann::json::array()}}},
    };
    for (const auto& headers :
         {TestServer::ClientHeaders(), TestServer::ServerHeaders(), TestServer::AdminHeaders()}) {
        const auto response = server.Get("/api/v1/projects/current", headers);
        ASSERT_EQ(response.status, 200) << response.body;
        EXPECT_EQ(response.Header("content-type"), "application/json; charset=utf-8");
        EXPECT_EQ(response.Json(), expected);
    }
}

TEST(ProjectsCurrentTest, SeedSwitchesFollowTheEnvironmentOnEveryStart) {
    char pattern[] = "/tmp/stackd-seed-XXXXXX";
    const std::string data_dir = mkdtemp(pattern);
    TestServer::Options options;
    options.data_dir = data_dir;
    {
        TestServer server(options);
        EXPECT_TRUE(server.Get("/api/v1/projects/current", TestServer::ClientHeaders()).Json()["config"]["sign_up_enabled"]);
    }
    options.env = {{"STACK_SEED_INTERNAL_PROJECT_SIGN_UP_ENABLED", "false"}};
    TestServer restarted(options);
    EXPECT_FALSE(
        restarted.Get("/api/v1/projects/current", TestServer::ClientHeaders()).Json()["config"]["sign_up_enabled"]);
    std::filesystem::remove_all(data_dir);
}

}  // namespace
}  // namespace stackd::testing
