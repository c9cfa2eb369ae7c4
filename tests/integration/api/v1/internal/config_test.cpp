// /api/v1/internal/config and /internal/config/override/{level} (platform.md §1.3, §1.7):
// the rendered config, override writes with upstream's validation texts, and a project
// that obeys a write at once.
#include <gtest/gtest.h>

#include "integration/api/v1/internal/admin_test_helpers.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

class InternalConfigTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        server_ = new TestServer();
        owner_ = new DashboardUser(SignUpDashboardUser(*server_, "config"));
    }
    static void TearDownTestSuite() {
        delete owner_;
        delete server_;
        server_ = nullptr;
        owner_ = nullptr;
    }
    static std::pair<std::string, Headers> NewProject() {
        const auto project = CreateProjectAs(*server_, *owner_);
        const std::string id = project["id"];
        return {id, AdminTokenHeaders(id, owner_->tokens.access_token)};
    }
    static HttpResponse Patch(const std::string& level, const json& update, const Headers& headers) {
        return SendJson(*server_, "PATCH", "/api/v1/internal/config/override/" + level,
                        {{"config_override_string", update.dump()}}, headers);
    }
    static json Rendered(const Headers& admin) {
        const auto response = server_->Get("/api/v1/internal/config", admin);
        EXPECT_EQ(response.status, 200) << response.body;
        return json::parse(response.Json()["config_string"].get<std::string>());
    }
    static TestServer* server_;
    static DashboardUser* owner_;
};
TestServer* InternalConfigTest::server_ = nullptr;
DashboardUser* InternalConfigTest::owner_ = nullptr;

TEST_F(InternalConfigTest, ReadsTheRenderedConfigAndTheStoredOverrides) {
    const auto [project_id, admin] = NewProject();
    const auto config = Rendered(admin);
    EXPECT_EQ(config["auth"]["password"]["allowSignIn"], true);
    EXPECT_EQ(config["domains"]["allowLocalhost"], true);
    EXPECT_EQ(config["rbac"]["defaultPermissions"]["teamCreator"], json({{"team_admin", true}}));

    const auto environment = server_->Get("/api/v1/internal/config/override/environment", admin);
    ASSERT_EQ(environment.status, 200) << environment.body;
    EXPECT_EQ(json::parse(environment.Json()["config_string"].get<std::string>())["auth.password.allowSignIn"], true);
    const auto branch = server_->Get("/api/v1/internal/config/override/branch", admin);
    EXPECT_EQ(branch.Json()["config_string"], "{}");
}

TEST_F(InternalConfigTest, EnvironmentPatchTakesEffectAtOnce) {
    const auto [project_id, admin] = NewProject();
    const auto patched = Patch("environment",
                               {{"auth.allowSignUp", false},
                                {"domains.trustedDomains.main", {{"baseUrl", "https://shop.example.com"},
                                                                 {"handlerPath", "/auth"}}}},
                               admin);
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_EQ(patched.Json(), json({{"success", true}}));
    ExpectKnownError(server_->Post("/api/v1/auth/password/sign-up",
                                   json({{"email", UniqueEmail("blocked")}, {"password", kTestPassword}}).dump(),
                                   ClientHeadersFor(project_id)),
                     400, "SIGN_UP_NOT_ENABLED");
    const auto config = Rendered(admin);
    EXPECT_EQ(config["auth"]["allowSignUp"], false);
    EXPECT_EQ(config["domains"]["trustedDomains"]["main"],
              json({{"baseUrl", "https://shop.example.com"}, {"handlerPath", "/auth"}}));
    const auto admin_read = server_->Get("/api/v1/internal/projects/current", admin).Json();
    EXPECT_EQ(admin_read["config"]["domains"], json::array({json{{"domain", "https://shop.example.com"}, {"handler_path", "/auth"}}}));

    // A project-level write: the project now requires its publishable client key.
    ASSERT_EQ(Patch("project", {{"project.requirePublishableClientKey", true}}, admin).status, 200);
    ExpectKnownError(server_->Get("/api/v1/projects/current", ClientHeadersFor(project_id)), 401,
                     "PUBLISHABLE_CLIENT_KEY_REQUIRED_FOR_PROJECT");

    // A branch-level write, then an environment value on top of it.
    ASSERT_EQ(Patch("branch", {{"teams", {{"allowClientTeamCreation", true}}}}, admin).status, 200);
    EXPECT_EQ(Rendered(admin)["teams"]["allowClientTeamCreation"], true);
}

TEST_F(InternalConfigTest, RejectsInvalidOverridesWithUpstreamsTexts) {
    const auto [project_id, admin] = NewProject();
    ExpectTextError(SendJson(*server_, "PATCH", "/api/v1/internal/config/override/environment",
                             {{"config_override_string", "{nope"}}, admin),
                    400, "Invalid config JSON");
    ExpectTextError(Patch("environment", {{"nonExistentField", 1}}, admin), 400,
                    "The key \"nonExistentField\" is not valid (nested object not found in schema: "
                    "\"nonExistentField\").");
    ExpectTextError(Patch("branch", {{"domains.trustedDomains.a", {{"baseUrl", "https://x.example.com"}}}}, admin), 400,
                    "The key \"domains.trustedDomains.a\" is not valid (nested object not found in schema: "
                    "\"domains.trustedDomains\").");
    ExpectTextError(Patch("environment", {{"project.requirePublishableClientKey", true}}, admin), 400,
                    "The key \"project.requirePublishableClientKey\" is not valid (nested object not found in schema: "
                    "\"project\").");
    ExpectTextError(Patch("environment", {{"auth.oauth.providers.invalid", {{"type", "myspace"}}}}, admin), 400,
                    "auth.oauth.providers.invalid.type must be one of the following values: google, github, "
                    "microsoft, spotify, facebook, discord, gitlab, bitbucket, linkedin, apple, x, twitch");
    ExpectTextError(Patch("environment", {{"auth", {{"allowSignUp", "yes"}}}}, admin), 400,
                    "auth.allowSignUp must be a `boolean` type, but the final value was: `\"yes\"`.");
    ExpectTextError(Patch("environment", {{"teams", {{"unknown", true}}}}, admin), 400,
                    "teams contains unknown properties: unknown");
    ExpectTextError(Patch("environment", {{"auth", {{"password.allowSignIn", true}}}}, admin), 400,
                    "Key password.allowSignIn contains a dot, which is not allowed in config override.");
    ExpectTextError(Patch("environment", {{"-bad", true}}, admin), 400,
                    "Invalid config format: All keys of override must consist of only alphanumeric characters, dots, "
                    "underscores, colons, dollar signs, or hyphens and start with a character other than a hyphen "
                    "(found: -bad)");
    // Nothing was written by the failures.
    EXPECT_EQ(Rendered(admin)["auth"]["allowSignUp"], true);
}

TEST_F(InternalConfigTest, AccessRules) {
    const auto [project_id, admin] = NewProject();
    ExpectKnownError(server_->Get("/api/v1/internal/config", TestServer::ServerHeaders()), 401,
                     "INSUFFICIENT_ACCESS_TYPE");
    ExpectKnownError(server_->Get("/api/v1/internal/config/override/branch", TestServer::ClientHeaders()), 401,
                     "INSUFFICIENT_ACCESS_TYPE");
    ExpectTextError(SendJson(*server_, "PATCH", "/api/v1/internal/config/override/environment",
                             {{"config_override_string", "{}"}}, TestServer::ServerHeaders()),
                    403, "Server access can only manage branch config overrides.");
    ExpectSchemaError(server_->Get("/api/v1/internal/config/override/team", admin), "GET",
                      "/api/v1/internal/config/override/team",
                      {"params.level must be one of the following values: project, branch, environment"});
    ExpectTextError(SendJson(*server_, "PUT", "/api/v1/internal/config/override/branch", {{"config_string", "{}"}},
                             admin),
                    400, "source is required for branch level config");
}

}  // namespace
}  // namespace stackd::testing
