// /user-api-keys and /team-api-keys (resources.md §13): keys in upstream's 102-character format
// shown once, feature flags, client ownership and $manage_api_keys rules, revoke and check.
#include <gtest/gtest.h>

#include <set>

#include "crypto/api_key_format.hpp"
#include "integration/api/v1/internal/admin_test_helpers.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

class ProjectApiKeysTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        server_ = new TestServer();
        owner_ = new DashboardUser(SignUpDashboardUser(*server_, "apikeys"));
        project_ = new ManagedProject(CreateManagedProject(
            *server_, *owner_, {{"config", {{"allow_user_api_keys", true}, {"allow_team_api_keys", true}}}}));
    }
    static void TearDownTestSuite() {
        delete project_;
        delete owner_;
        delete server_;
    }

    struct ProjectUser {
        std::string id;
        Headers client;
    };
    // A user of the test project with a session, and client headers carrying its token.
    static ProjectUser NewUser(const std::string& tag) {
        const auto user = CreateUser(*server_, {{"primary_email", UniqueEmail(tag)}}, project_->server);
        const auto tokens = CreateSession(*server_, user["id"], project_->server);
        return {user["id"], WithTokens(project_->client(), tokens.access_token)};
    }
    static json CreateUserKey(const Headers& headers, json body) {
        if (!body.contains("description")) {
            body["description"] = "a user key";
        }
        if (!body.contains("expires_at_millis")) {
            body["expires_at_millis"] = nullptr;
        }
        const auto response = SendJson(*server_, "POST", "/api/v1/user-api-keys", body, headers);
        EXPECT_EQ(response.status, 200) << response.body;
        return response.Json();
    }
    static HttpResponse Check(const std::string& kind, const std::string& secret, const Headers& headers) {
        return SendJson(*server_, "POST", "/api/v1/" + kind + "-api-keys/check", {{"api_key", secret}}, headers);
    }
    static std::string NewTeam(const std::string& creator_id) {
        const auto response = SendJson(*server_, "POST", "/api/v1/teams",
                                       {{"display_name", "Key team"}, {"creator_user_id", creator_id}},
                                       project_->server);
        EXPECT_EQ(response.status, 201) << response.body;
        return response.Json().value("id", "");
    }

    static TestServer* server_;
    static DashboardUser* owner_;
    static ManagedProject* project_;
};
TestServer* ProjectApiKeysTest::server_ = nullptr;
DashboardUser* ProjectApiKeysTest::owner_ = nullptr;
ManagedProject* ProjectApiKeysTest::project_ = nullptr;

TEST_F(ProjectApiKeysTest, DisabledFeaturesAnswerUpstreamsText) {
    const auto plain = CreateManagedProject(*server_, *owner_);
    const auto user = CreateUser(*server_, json::object(), plain.server);
    const std::string user_id = user["id"];
    ExpectTextError(SendJson(*server_, "POST", "/api/v1/user-api-keys",
                             {{"user_id", user_id}, {"description", "x"}, {"expires_at_millis", nullptr}},
                             plain.server),
                    400, "User API keys are not enabled for this project.");
    ExpectTextError(server_->Get("/api/v1/user-api-keys?user_id=" + user_id, plain.server), 400,
                    "User API keys are not enabled for this project.");
    ExpectTextError(Check("user", "sk_nothing", plain.server), 400, "User API keys are not enabled for this project.");
    ExpectTextError(SendJson(*server_, "POST", "/api/v1/team-api-keys",
                             {{"team_id", "f0e1d2c3-b4a5-4968-8776-a5b4c3d2e1f0"}, {"description", "x"}, {"expires_at_millis", nullptr}},
                             plain.server),
                    400, "Team API keys are not enabled for this project.");
    ExpectTextError(Check("team", "sk_nothing", plain.server), 400, "Team API keys are not enabled for this project.");
}

TEST_F(ProjectApiKeysTest, ClientCreatesItsOwnKeyInUpstreamsFormatShownOnce) {
    const auto alice = NewUser("alice");
    const auto created = CreateUserKey(alice.client, {{"user_id", "me"}, {"description", "CI key"}});
    const std::string secret = created["value"];
    ASSERT_EQ(secret.size(), 102u);
    const auto parsed = crypto::ParseProjectApiKey(secret);
    ASSERT_EQ(parsed.status, crypto::ApiKeyParseStatus::kOk);
    EXPECT_EQ(parsed.key->id, created["id"]);
    EXPECT_EQ(parsed.key->prefix, "sk");
    EXPECT_FALSE(parsed.key->is_cloud_version);  // self-hosted: flag 1
    EXPECT_EQ(secret.substr(3 + 45 + 32, 5), "user1");
    EXPECT_EQ(created, json({{"id", created["id"]},
                             {"description", "CI key"},
                             {"is_public", false},
                             {"created_at_millis", created["created_at_millis"]},
                             {"type", "user"},
                             {"user_id", alice.id},
                             {"value", secret}}));

    const json read_shape = {{"id", created["id"]},
                             {"description", "CI key"},
                             {"is_public", false},
                             {"created_at_millis", created["created_at_millis"]},
                             {"type", "user"},
                             {"user_id", alice.id},
                             {"value", {{"last_four", secret.substr(98)}}}};
    const auto list = server_->Get("/api/v1/user-api-keys?user_id=me", alice.client);
    ASSERT_EQ(list.status, 200) << list.body;
    EXPECT_EQ(list.Json(), json({{"items", {read_shape}}, {"is_paginated", false}}));
    // Read needs no user_id; the secret never comes back.
    const auto read = server_->Get("/api/v1/user-api-keys/" + created["id"].get<std::string>(), alice.client);
    ASSERT_EQ(read.status, 200) << read.body;
    EXPECT_EQ(read.Json(), read_shape);
    const auto checked = Check("user", secret, project_->server);
    ASSERT_EQ(checked.status, 200) << checked.body;
    EXPECT_EQ(checked.Json(), read_shape);
}

TEST_F(ProjectApiKeysTest, PublicAndExpiringKeys) {
    const auto bob = NewUser("bob");
    const auto public_key = CreateUserKey(project_->server, {{"user_id", bob.id}, {"is_public", true}});
    const std::string secret = public_key["value"];
    EXPECT_EQ(secret.substr(0, 3), "pk_");
    EXPECT_EQ(secret.substr(3 + 45 + 32, 5), "user3");
    EXPECT_EQ(public_key["is_public"], true);

    const auto expiring = CreateUserKey(project_->server, {{"user_id", bob.id}, {"expires_at_millis", 4102444799000}});
    EXPECT_EQ(expiring["expires_at_millis"], 4102444799000);
    EXPECT_EQ(Check("user", expiring["value"], project_->server).status, 200);
    const auto expired = CreateUserKey(project_->server, {{"user_id", bob.id}, {"expires_at_millis", 1000}});
    ExpectKnownError(Check("user", expired["value"], project_->server), 401, "API_KEY_EXPIRED");

    // Newest first (keys made in the same millisecond tie), expired keys included.
    const auto list = server_->Get("/api/v1/user-api-keys?user_id=" + bob.id, project_->server);
    ASSERT_EQ(list.status, 200) << list.body;
    const auto items = list.Json()["items"];
    ASSERT_EQ(items.size(), 3u);
    std::set<std::string> ids;
    for (size_t index = 0; index < items.size(); ++index) {
        ids.insert(items[index]["id"].get<std::string>());
        if (index > 0) {
            EXPECT_GE(items[index - 1]["created_at_millis"], items[index]["created_at_millis"]);
        }
    }
    EXPECT_EQ(ids, (std::set<std::string>{public_key["id"], expiring["id"], expired["id"]}));
}

TEST_F(ProjectApiKeysTest, RevokingStampsOnceAndFailsTheCheck) {
    const auto carol = NewUser("carol");
    const auto created = CreateUserKey(carol.client, {{"user_id", carol.id}});
    const std::string path = "/api/v1/user-api-keys/" + created["id"].get<std::string>();
    const auto first = SendJson(*server_, "PATCH", path, {{"revoked", true}, {"description", "old"}}, carol.client);
    ASSERT_EQ(first.status, 200) << first.body;
    ASSERT_TRUE(first.Json().contains("manually_revoked_at_millis"));
    EXPECT_EQ(first.Json()["description"], "old");
    const auto second = SendJson(*server_, "PATCH", path, {{"revoked", true}}, project_->server);
    ASSERT_EQ(second.status, 200) << second.body;
    EXPECT_EQ(second.Json()["manually_revoked_at_millis"], first.Json()["manually_revoked_at_millis"]);
    ExpectKnownError(Check("user", created["value"], project_->server), 401, "API_KEY_REVOKED");

    ExpectSchemaError(SendJson(*server_, "PATCH", path, {{"revoked", false}}, carol.client), "PATCH", path,
                      {"body.revoked must be one of the following values: true"});
    ExpectSchemaError(SendJson(*server_, "PATCH", path, {{"description", "x"}, {"user_id", carol.id}}, carol.client),
                      "PATCH", path, {"body contains unknown properties: user_id"});
}

TEST_F(ProjectApiKeysTest, ClientsManageOnlyTheirOwnKeys) {
    const auto dave = NewUser("dave");
    const auto erin = NewUser("erin");
    const auto erins = CreateUserKey(erin.client, {{"user_id", erin.id}});
    const std::string path = "/api/v1/user-api-keys/" + erins["id"].get<std::string>();
    const std::string text = "Client can only manage their own api keys";
    ExpectTextError(SendJson(*server_, "POST", "/api/v1/user-api-keys",
                             {{"user_id", erin.id}, {"description", "x"}, {"expires_at_millis", nullptr}}, dave.client),
                    403, text);
    ExpectTextError(server_->Get("/api/v1/user-api-keys?user_id=" + erin.id, dave.client), 403, text);
    ExpectTextError(server_->Get(path, dave.client), 403, text);
    ExpectTextError(SendJson(*server_, "PATCH", path, {{"revoked", true}}, dave.client), 403, text);
    EXPECT_EQ(Check("user", erins["value"], project_->server).status, 200);

    // No signed-in user, and no key listing across users.
    ExpectKnownError(SendJson(*server_, "POST", "/api/v1/user-api-keys",
                              {{"user_id", erin.id}, {"description", "x"}, {"expires_at_millis", nullptr}},
                              project_->client()),
                     401, "USER_AUTHENTICATION_REQUIRED");
    const auto all = ExpectKnownError(server_->Get("/api/v1/user-api-keys", project_->server), 400, "SCHEMA_ERROR");
    EXPECT_EQ(all["error"], "user_id is required for user API keys");
    ExpectSchemaError(server_->Get(path + "?team_id=x", erin.client), "GET", path,
                      {"query contains unknown properties: team_id"});
    // Checking is for servers only.
    ExpectKnownError(Check("user", erins["value"], erin.client), 401, "INSUFFICIENT_ACCESS_TYPE");
    // The server may create keys for any user of the project, but not for a missing one.
    ExpectKnownError(SendJson(*server_, "POST", "/api/v1/user-api-keys",
                              {{"user_id", "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"}, {"description", "x"},
                               {"expires_at_millis", nullptr}},
                              project_->server),
                     404, "USER_NOT_FOUND");
    ExpectSchemaError(SendJson(*server_, "POST", "/api/v1/user-api-keys", {{"user_id", erin.id}}, project_->server),
                      "POST", "/api/v1/user-api-keys",
                      {"body.description must be defined", "body.expires_at_millis must be defined"});
}

TEST_F(ProjectApiKeysTest, TeamKeysNeedManageApiKeys) {
    const auto frank = NewUser("frank");  // team creator: team_admin, which contains $manage_api_keys
    const auto grace = NewUser("grace");  // plain member: team_member
    const std::string team_id = NewTeam(frank.id);
    ASSERT_EQ(SendJson(*server_, "POST", "/api/v1/team-memberships/" + team_id + "/" + grace.id, json::object(),
                       project_->server)
                  .status,
              201);
    const json body = {{"team_id", team_id}, {"description", "team key"}, {"expires_at_millis", nullptr}};
    const auto created = SendJson(*server_, "POST", "/api/v1/team-api-keys", body, frank.client);
    ASSERT_EQ(created.status, 200) << created.body;
    const std::string secret = created.Json()["value"];
    EXPECT_EQ(secret.substr(3 + 45 + 32, 5), "team1");
    EXPECT_EQ(created.Json()["team_id"], team_id);
    EXPECT_EQ(created.Json()["type"], "team");
    const std::string path = "/api/v1/team-api-keys/" + created.Json()["id"].get<std::string>();

    // Without the permission the team is hidden behind API_KEY_NOT_FOUND.
    ExpectKnownError(SendJson(*server_, "POST", "/api/v1/team-api-keys", body, grace.client), 404, "API_KEY_NOT_FOUND");
    ExpectKnownError(server_->Get("/api/v1/team-api-keys?team_id=" + team_id, grace.client), 404, "API_KEY_NOT_FOUND");
    ExpectKnownError(server_->Get(path + "?team_id=" + team_id, grace.client), 404, "API_KEY_NOT_FOUND");
    ASSERT_EQ(SendJson(*server_, "POST", "/api/v1/team-permissions/" + team_id + "/" + grace.id + "/$manage_api_keys",
                       json::object(), project_->server)
                  .status,
              201);
    const auto list = server_->Get("/api/v1/team-api-keys?team_id=" + team_id, grace.client);
    ASSERT_EQ(list.status, 200) << list.body;
    ASSERT_EQ(list.Json()["items"].size(), 1u);
    EXPECT_EQ(list.Json()["items"][0]["value"], json({{"last_four", secret.substr(98)}}));

    // team_id is a required UUID in the read query even though the key names its team.
    ExpectSchemaError(server_->Get(path, frank.client), "GET", path, {"query.team_id must be defined"});
    EXPECT_EQ(server_->Get(path + "?team_id=" + team_id, frank.client).status, 200);
    // The wrong endpoint: a team key is not a user key.
    const auto wrong = ExpectKnownError(Check("user", secret, project_->server), 400, "WRONG_API_KEY_TYPE");
    EXPECT_EQ(wrong["details"], json({{"expected_type", "user"}, {"actual_type", "team"}}));
    EXPECT_EQ(wrong["error"], "This endpoint is for user API keys, but a team API key was provided.");
    ExpectKnownError(server_->Get("/api/v1/user-api-keys/" + created.Json()["id"].get<std::string>(), project_->server),
                     404, "API_KEY_NOT_FOUND");
    EXPECT_EQ(Check("team", secret, project_->server).status, 200);
    ExpectKnownError(SendJson(*server_, "POST", "/api/v1/team-api-keys",
                              {{"team_id", "no-such-team"}, {"description", "x"}, {"expires_at_millis", nullptr}},
                              project_->server),
                     404, "TEAM_NOT_FOUND");
}

TEST_F(ProjectApiKeysTest, KeysAreScopedToTheirProject) {
    const auto henry = NewUser("henry");
    const auto created = CreateUserKey(henry.client, {{"user_id", henry.id}});
    ExpectKnownError(Check("user", "sk_" + std::string(99, 'a'), project_->server), 404, "API_KEY_NOT_FOUND");
    const auto other = CreateManagedProject(
        *server_, *owner_, {{"config", {{"allow_user_api_keys", true}, {"allow_team_api_keys", true}}}});
    ExpectKnownError(Check("user", created["value"], other.server), 404, "API_KEY_NOT_FOUND");
    ExpectKnownError(server_->Get("/api/v1/user-api-keys/" + created["id"].get<std::string>(), other.server), 404,
                     "API_KEY_NOT_FOUND");
}

}  // namespace
}  // namespace stackd::testing
