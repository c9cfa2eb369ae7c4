// /api/v1/internal/projects and /internal/projects/current (platform.md §1.6, §1.7): a
// dashboard user creates and lists the projects of their teams, manages them with their
// admin access token, and the project obeys its new configuration at once.
#include <gtest/gtest.h>

#include <tuple>
#include <vector>

#include "integration/api/v1/internal/admin_test_helpers.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

class InternalProjectsTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server_ = new TestServer(); }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }
    static TestServer* server_;
};
TestServer* InternalProjectsTest::server_ = nullptr;

TEST_F(InternalProjectsTest, CreatesAProjectWithTheLegacyCreateDefaults) {
    const auto user = SignUpDashboardUser(*server_, "creator");
    const auto project = CreateProjectAs(*server_, user);
    EXPECT_EQ(project,
              json({{"id", project["id"]},
                    {"display_name", "Test Project"},
                    {"description", ""},
                    {"logo_url", nullptr},
                    {"logo_full_url", nullptr},
                    {"logo_dark_mode_url", nullptr},
                    {"logo_full_dark_mode_url", nullptr},
                    {"created_at_millis", project["created_at_millis"]},
                    {"is_production_mode", false},
                    {"owner_team_id", user.team_id},
                    {"onboarding_status", "completed"},
                    {"config",
                     {{"allow_localhost", true},
                      {"allow_team_api_keys", false},
                      {"allow_user_api_keys", false},
                      {"client_team_creation_enabled", false},
                      {"client_user_deletion_enabled", false},
                      {"create_team_on_sign_up", false},
                      {"credential_enabled", true},
                      {"domains", json::array()},
                      {"email_config", {{"type", "shared"}}},
                      {"email_theme", "1df07ae6-abf3-4a40-83a5-a1a2cbe336ac"},
                      {"enabled_oauth_providers", json::array()},
                      {"magic_link_enabled", false},
                      {"oauth_account_merge_strategy", "link_method"},
                      {"oauth_providers", json::array()},
                      {"passkey_enabled", false},
                      {"sign_up_enabled", true},
                      {"team_creator_default_permissions", json::array({json{{"id", "team_admin"}}})},
                      {"team_member_default_permissions", json::array({json{{"id", "team_member"}}})},
                      {"user_default_permissions", json::array()}}}}));

    const auto list = server_->Get("/api/v1/internal/projects", user.client());
    ASSERT_EQ(list.status, 200) << list.body;
    EXPECT_EQ(list.Json(), json({{"items", json::array({project})}, {"is_paginated", false}}));

    // Admin read of the same project through the user's admin access token.
    const auto read = server_->Get("/api/v1/internal/projects/current",
                                   AdminTokenHeaders(project["id"], user.tokens.access_token));
    ASSERT_EQ(read.status, 200) << read.body;
    EXPECT_EQ(read.Json(), project);
}

TEST_F(InternalProjectsTest, CreatesWithTheGivenConfiguration) {
    const auto user = SignUpDashboardUser(*server_, "configured");
    const auto project = CreateProjectAs(
        *server_, user,
        {{"display_name", "Configured"},
         {"description", "Test description"},
         {"is_production_mode", true},
         {"config",
          {{"allow_localhost", false},
           {"sign_up_enabled", false},
           {"credential_enabled", false},
           {"magic_link_enabled", true},
           {"oauth_providers", json::array({json{{"id", "google"}, {"type", "shared"}}})},
           {"domains", json::array({json{{"domain", "https://b.example.com"}, {"handler_path", "/h"}},
                                    json{{"domain", "https://a.example.com"}, {"handler_path", "/handler"}}})}}}});
    EXPECT_EQ(project["description"], "Test description");
    EXPECT_EQ(project["is_production_mode"], true);
    const auto& config = project["config"];
    EXPECT_EQ(config["allow_localhost"], false);
    EXPECT_EQ(config["sign_up_enabled"], false);
    EXPECT_EQ(config["credential_enabled"], false);
    EXPECT_EQ(config["magic_link_enabled"], true);
    EXPECT_EQ(config["oauth_providers"],
              json::array({json{{"provider_config_id", "google"}, {"id", "google"}, {"type", "shared"}}}));
    EXPECT_EQ(config["enabled_oauth_providers"], json::array({json{{"id", "google"}}}));
    EXPECT_EQ(config["domains"], json::array({json{{"domain", "https://a.example.com"}, {"handler_path", "/handler"}},
                                              json{{"domain", "https://b.example.com"}, {"handler_path", "/h"}}}));
}

TEST_F(InternalProjectsTest, ListAndCreateNeedASignedInUserOfTheInternalProject) {
    ExpectKnownError(server_->Get("/api/v1/internal/projects", TestServer::ClientHeaders()), 401,
                     "USER_AUTHENTICATION_REQUIRED");
    const auto user = SignUpDashboardUser(*server_, "outsider");
    ExpectKnownError(SendJson(*server_, "POST", "/api/v1/internal/projects",
                              {{"display_name", "x"}, {"owner_team_id", user.team_id}}, TestServer::ClientHeaders()),
                     401, "USER_AUTHENTICATION_REQUIRED");

    // A user of another project, asking from that project.
    const auto project = CreateProjectAs(*server_, user);
    const std::string project_id = project["id"];
    const auto other = server_->Post("/api/v1/auth/password/sign-up",
                                     json({{"email", UniqueEmail("other")}, {"password", kTestPassword}}).dump(),
                                     ClientHeadersFor(project_id));
    ASSERT_EQ(other.status, 200) << other.body;
    const auto other_headers = WithTokens(ClientHeadersFor(project_id), other.Json()["access_token"]);
    const auto body = ExpectKnownError(server_->Get("/api/v1/internal/projects", other_headers), 401,
                                       "EXPECTED_INTERNAL_PROJECT");
    EXPECT_EQ(body["error"], "The project ID is expected to be internal.");
}

TEST_F(InternalProjectsTest, CreateChecksTheBodyAndTheTeamMembership) {
    const auto user = SignUpDashboardUser(*server_, "validator");
    ExpectSchemaError(SendJson(*server_, "POST", "/api/v1/internal/projects", json::object(), user.client()), "POST",
                      "/api/v1/internal/projects",
                      {"body.display_name must be defined", "body.owner_team_id must be defined"});
    ExpectSchemaError(
        SendJson(*server_, "POST", "/api/v1/internal/projects",
                 {{"display_name", "x"}, {"owner_team_id", user.team_id}, {"config", {{"nope", true}}}},
                 user.client()),
        "POST", "/api/v1/internal/projects", {"body.config contains unknown properties: nope"});
    ExpectSchemaError(
        SendJson(*server_, "POST", "/api/v1/internal/projects",
                 {{"display_name", "x"},
                  {"owner_team_id", user.team_id},
                  {"config", {{"domains", json::array({json{{"domain", "ftp://example.com"}, {"handler_path", "/handler"}}})}}}},
                 user.client()),
        "POST", "/api/v1/internal/projects", {"URL must start with http:// or https://"});
    // A standard email server needs every field; problems come in upstream's field order.
    ExpectSchemaError(
        SendJson(*server_, "POST", "/api/v1/internal/projects",
                 {{"display_name", "x"}, {"owner_team_id", user.team_id}, {"config", {{"email_config", {{"type", "standard"}}}}}},
                 user.client()),
        "POST", "/api/v1/internal/projects",
        {"body.config.email_config.host must be defined", "body.config.email_config.port must be defined",
         "body.config.email_config.username must be defined", "body.config.email_config.password must be defined",
         "body.config.email_config.sender_name must be defined",
         "body.config.email_config.sender_email must be defined"});

    const auto stranger = SignUpDashboardUser(*server_, "stranger");
    const auto body = ExpectKnownError(
        SendJson(*server_, "POST", "/api/v1/internal/projects",
                 {{"display_name", "x"}, {"owner_team_id", stranger.team_id}}, user.client()),
        404, "TEAM_MEMBERSHIP_NOT_FOUND");
    EXPECT_EQ(body["details"], json({{"team_id", stranger.team_id}, {"user_id", user.tokens.user_id}}));
    // The stranger neither lists nor administers the user's projects.
    const auto project = CreateProjectAs(*server_, user);
    EXPECT_EQ(server_->Get("/api/v1/internal/projects", stranger.client()).Json()["items"], json::array());
    ExpectKnownError(server_->Get("/api/v1/internal/projects/current",
                                  AdminTokenHeaders(project["id"], stranger.tokens.access_token)),
                     401, "ADMIN_ACCESS_TOKEN_IS_NOT_ADMIN");
}

TEST_F(InternalProjectsTest, CurrentProjectRefusesClientAndServerAccess) {
    const std::vector<std::tuple<std::string, Headers, std::string>> cases = {
        {"GET", TestServer::ClientHeaders(), "client"},
        {"PATCH", TestServer::ServerHeaders(), "server"},
        {"DELETE", TestServer::ServerHeaders(), "server"}};
    for (const auto& [method, headers, actual] : cases) {
        const auto body = ExpectKnownError(
            SendJson(*server_, method, "/api/v1/internal/projects/current", json::object(), headers), 401,
            "INSUFFICIENT_ACCESS_TYPE");
        EXPECT_EQ(body["details"], json({{"actual_access_type", actual}, {"allowed_access_types", {"admin"}}}));
    }
}

TEST_F(InternalProjectsTest, NewProjectObeysItsConfigurationAtOnce) {
    const auto user = SignUpDashboardUser(*server_, "owner");
    const auto project = CreateProjectAs(*server_, user, {{"display_name", "Obedient"}});
    const std::string project_id = project["id"];
    const auto admin = AdminTokenHeaders(project_id, user.tokens.access_token);

    // Keys for the new project, and a server call with them.
    const auto keys = SendJson(*server_, "POST", "/api/v1/internal/api-keys",
                               {{"description", "backend"},
                                {"expires_at_millis", 4102444799000},
                                {"has_publishable_client_key", true},
                                {"has_secret_server_key", true},
                                {"has_super_secret_admin_key", false}},
                               admin);
    ASSERT_EQ(keys.status, 200) << keys.body;
    const std::string server_key = keys.Json()["secret_server_key"];
    const Headers server_headers = {{"x-stack-access-type", "server"},
                                    {"x-stack-project-id", project_id},
                                    {"x-stack-secret-server-key", server_key}};
    EXPECT_EQ(server_->Get("/api/v1/users", server_headers).status, 200);

    // Sign-up works before the change.
    const auto before = server_->Post("/api/v1/auth/password/sign-up",
                                      json({{"email", UniqueEmail("early")}, {"password", kTestPassword}}).dump(),
                                      ClientHeadersFor(project_id));
    EXPECT_EQ(before.status, 200) << before.body;

    const auto patched = SendJson(
        *server_, "PATCH", "/api/v1/internal/projects/current",
        {{"display_name", "Renamed"},
         {"description", nullptr},
         {"config",
          {{"sign_up_enabled", false},
           {"domains", json::array({json{{"domain", "https://app.example.com"}, {"handler_path", "/handler"}}})}}}},
        admin);
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_EQ(patched.Json()["display_name"], "Renamed");
    EXPECT_EQ(patched.Json()["description"], "");
    EXPECT_EQ(patched.Json()["config"]["sign_up_enabled"], false);
    EXPECT_EQ(patched.Json()["config"]["credential_enabled"], true);

    ExpectKnownError(server_->Post("/api/v1/auth/password/sign-up",
                                   json({{"email", UniqueEmail("late")}, {"password", kTestPassword}}).dump(),
                                   ClientHeadersFor(project_id)),
                     400, "SIGN_UP_NOT_ENABLED");
    const auto client_view = server_->Get("/api/v1/projects/current", ClientHeadersFor(project_id));
    ASSERT_EQ(client_view.status, 200) << client_view.body;
    EXPECT_EQ(client_view.Json()["display_name"], "Renamed");
    EXPECT_EQ(client_view.Json()["config"]["sign_up_enabled"], false);
    EXPECT_EQ(client_view.Json()["config"]["domains"],
              json::array({json{{"domain", "https://app.example.com"}, {"handler_path", "/handler"}}}));

    ExpectTextError(SendJson(*server_, "PATCH", "/api/v1/internal/projects/current",
                             {{"config", {{"email_theme", "not-a-theme"}}}}, admin),
                    400, "Invalid email theme");
}

TEST_F(InternalProjectsTest, DeletingAProjectRemovesEverythingItHolds) {
    const auto user = SignUpDashboardUser(*server_, "deleter");
    const auto project = CreateProjectAs(*server_, user);
    const std::string project_id = project["id"];
    const auto admin = AdminTokenHeaders(project_id, user.tokens.access_token);
    const auto member = server_->Post("/api/v1/auth/password/sign-up",
                                      json({{"email", UniqueEmail("member")}, {"password", kTestPassword}}).dump(),
                                      ClientHeadersFor(project_id));
    ASSERT_EQ(member.status, 200) << member.body;

    const auto deleted = server_->Request("DELETE", "/api/v1/internal/projects/current", admin);
    ASSERT_EQ(deleted.status, 200) << deleted.body;
    EXPECT_EQ(deleted.Json(), json({{"success", true}}));
    ExpectKnownError(server_->Get("/api/v1/internal/projects/current", admin), 400, "CURRENT_PROJECT_NOT_FOUND");
    ExpectKnownError(server_->Get("/api/v1/projects/current", ClientHeadersFor(project_id)), 400,
                     "CURRENT_PROJECT_NOT_FOUND");
    EXPECT_EQ(server_->Get("/api/v1/internal/projects", user.client()).Json()["items"], json::array());
}

}  // namespace
}  // namespace stackd::testing
