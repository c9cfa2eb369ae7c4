// POST /internal/config/override/{level}/reset-keys and /internal/config/source
// (platform.md §1.3, §1.7): removing keys with upstream's nested-key logic, and the pushed
// branch config's source.
#include <gtest/gtest.h>

#include "integration/api/v1/internal/admin_test_helpers.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

class ConfigSourceTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        server_ = new TestServer();
        owner_ = new DashboardUser(SignUpDashboardUser(*server_, "source"));
    }
    static void TearDownTestSuite() {
        delete owner_;
        delete server_;
    }
    static Headers NewProjectAdmin() {
        const std::string id = CreateProjectAs(*server_, *owner_)["id"];
        return AdminTokenHeaders(id, owner_->tokens.access_token);
    }
    static json Override(const std::string& level, const Headers& admin) {
        const auto response = server_->Get("/api/v1/internal/config/override/" + level, admin);
        EXPECT_EQ(response.status, 200) << response.body;
        return json::parse(response.Json()["config_string"].get<std::string>());
    }
    static HttpResponse Put(const std::string& level, const json& config, const json& source, const Headers& admin) {
        json body = {{"config_string", config.dump()}};
        if (!source.is_null()) {
            body["source"] = source;
        }
        return SendJson(*server_, "PUT", "/api/v1/internal/config/override/" + level, body, admin);
    }
    static HttpResponse Reset(const std::string& level, const json& body, const Headers& headers) {
        return SendJson(*server_, "POST", "/api/v1/internal/config/override/" + level + "/reset-keys", body, headers);
    }
    static TestServer* server_;
    static DashboardUser* owner_;
};
TestServer* ConfigSourceTest::server_ = nullptr;
DashboardUser* ConfigSourceTest::owner_ = nullptr;

TEST_F(ConfigSourceTest, ResetKeysRemovesKeysAndTheirDescendants) {
    const auto admin = NewProjectAdmin();
    const json branch = {{"teams", {{"allowClientTeamCreation", true}, {"createPersonalTeamOnSignUp", true}}},
                         {"users.allowClientUserDeletion", true},
                         {"apiKeys.enabled.user", true}};
    ASSERT_EQ(Put("branch", branch, {{"type", "pushed-from-unknown"}}, admin).status, 200);
    const auto reset = Reset("branch", {{"keys", {"teams.allowClientTeamCreation", "users", "no.such.key"}}}, admin);
    ASSERT_EQ(reset.status, 200) << reset.body;
    EXPECT_EQ(reset.Json(), json({{"success", true}}));
    EXPECT_EQ(Override("branch", admin),
              json({{"teams", {{"createPersonalTeamOnSignUp", true}}}, {"apiKeys.enabled.user", true}}));
    // The rendered config follows at once.
    const auto rendered = json::parse(
        server_->Get("/api/v1/internal/config", admin).Json()["config_string"].get<std::string>());
    EXPECT_EQ(rendered["teams"]["allowClientTeamCreation"], false);
    EXPECT_EQ(rendered["apiKeys"]["enabled"]["user"], true);

    // Environment level; an empty list changes nothing.
    const json before = Override("environment", admin);
    ASSERT_TRUE(before.contains("auth.password.allowSignIn"));
    ASSERT_EQ(Reset("environment", {{"keys", json::array()}}, admin).status, 200);
    EXPECT_EQ(Override("environment", admin), before);
    ASSERT_EQ(Reset("environment", {{"keys", {"auth"}}}, admin).status, 200);
    EXPECT_FALSE(Override("environment", admin).contains("auth.password.allowSignIn"));
}

TEST_F(ConfigSourceTest, ResetKeysValidatesLikeUpstream) {
    const auto admin = NewProjectAdmin();
    const std::string path = "/api/v1/internal/config/override/project/reset-keys";
    ExpectSchemaError(Reset("project", {{"keys", {"a"}}}, admin), "POST", path,
                      {"params.level must be one of the following values: branch, environment"});
    ExpectSchemaError(Reset("branch", json::object(), admin), "POST",
                      "/api/v1/internal/config/override/branch/reset-keys", {"body.keys must be defined"});
    ExpectSchemaError(Reset("branch", {{"keys", {1}}}, admin), "POST",
                      "/api/v1/internal/config/override/branch/reset-keys",
                      {"body.keys[0] must be a `string` type, but the final value was: `1`."});
}

TEST_F(ConfigSourceTest, SourceIsUnlinkedUntilABranchPushRecordsOne) {
    const auto admin = NewProjectAdmin();
    const auto initial = server_->Get("/api/v1/internal/config/source", admin);
    ASSERT_EQ(initial.status, 200) << initial.body;
    EXPECT_EQ(initial.Json(), json({{"source", {{"type", "unlinked"}}}}));

    const json github = {{"type", "pushed-from-github"}, {"owner", "acme"},         {"repo", "app"},
                         {"branch", "main"},             {"commit_hash", "abc123"}, {"config_file_path", "stack.config.ts"}};
    ASSERT_EQ(Put("branch", {{"teams.allowClientTeamCreation", true}}, github, admin).status, 200);
    EXPECT_EQ(server_->Get("/api/v1/internal/config/source", admin).Json(), json({{"source", github}}));
    // A PATCH keeps the source.
    ASSERT_EQ(SendJson(*server_, "PATCH", "/api/v1/internal/config/override/branch",
                       {{"config_override_string", json({{"users.allowClientUserDeletion", true}}).dump()}}, admin)
                  .status,
              200);
    EXPECT_EQ(server_->Get("/api/v1/internal/config/source", admin).Json()["source"], github);

    const auto unlinked = SendJson(*server_, "DELETE", "/api/v1/internal/config/source", json::object(), admin);
    ASSERT_EQ(unlinked.status, 200) << unlinked.body;
    EXPECT_EQ(unlinked.Json(), json({{"success", true}}));
    EXPECT_EQ(server_->Get("/api/v1/internal/config/source", admin).Json()["source"], json({{"type", "unlinked"}}));
    // Unlinking leaves the config alone, and is idempotent.
    EXPECT_EQ(Override("branch", admin), json({{"teams.allowClientTeamCreation", true},
                                               {"users.allowClientUserDeletion", true}}));
    EXPECT_EQ(SendJson(*server_, "DELETE", "/api/v1/internal/config/source", json::object(), admin).status, 200);

    // A source outside the three variants is a schema error.
    const auto bad = Put("branch", json::object(), {{"type", "pushed-from-github"}}, admin);
    const auto body = ExpectKnownError(bad, 400, "SCHEMA_ERROR");
    EXPECT_NE(body["error"].get<std::string>().find("body.source is not matched by any of the provided schemas"),
              std::string::npos)
        << bad.body;
}

}  // namespace
}  // namespace stackd::testing
