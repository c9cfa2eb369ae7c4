// /api/v1/teams and /teams/{team_id} (resources.md §3): shapes per access type, the client
// rules ($update_team, $delete_team, own-user listing, creator rules), personal teams on
// sign-up and the user's selected team.
#include <gtest/gtest.h>

#include "integration/api/v1/team_test_helpers.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

class TeamsTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server_ = new TestServer(); }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }
    static HttpResponse Patch(const std::string& path, const json& body, const Headers& headers) {
        return SendJson(*server_, "PATCH", path, body, headers);
    }
    static TestServer* server_;
};
TestServer* TeamsTest::server_ = nullptr;

TEST_F(TeamsTest, ServerCreatesReadsUpdatesAndDeletesATeamWithoutMembers) {
    const auto created = server_->Post(
        "/api/v1/teams", json({{"display_name", "Ops"}, {"server_metadata", {{"tier", 1}}}}).dump(),
        TestServer::ServerHeaders());
    ASSERT_EQ(created.status, 201) << created.body;
    auto team = created.Json();
    const std::string path = "/api/v1/teams/" + team["id"].get<std::string>();
    EXPECT_EQ(team, json({{"id", team["id"]},
                          {"display_name", "Ops"},
                          {"profile_image_url", nullptr},
                          {"client_metadata", nullptr},
                          {"client_read_only_metadata", nullptr},
                          {"created_at_millis", team["created_at_millis"]},
                          {"server_metadata", {{"tier", 1}}}}));
    EXPECT_EQ(server_->Get(path, TestServer::ServerHeaders()).Json(), team);

    const auto updated = Patch(path, {{"display_name", "Ops 2"}, {"client_read_only_metadata", {1, 2}}},
                               TestServer::ServerHeaders());
    ASSERT_EQ(updated.status, 200) << updated.body;
    EXPECT_EQ(updated.Json()["display_name"], "Ops 2");
    EXPECT_EQ(updated.Json()["client_read_only_metadata"], json({1, 2}));
    EXPECT_EQ(updated.Json()["server_metadata"], json({{"tier", 1}}));

    const auto deleted = Delete(*server_, path, TestServer::ServerHeaders());
    EXPECT_EQ(deleted.status, 200);
    EXPECT_EQ(deleted.Json(), json({{"success", true}}));
    ExpectKnownError(server_->Get(path, TestServer::ServerHeaders()), 404, "TEAM_NOT_FOUND");
    ExpectKnownError(Delete(*server_, path, TestServer::ServerHeaders()), 404, "TEAM_NOT_FOUND");
    ExpectKnownError(Patch(path, {{"display_name", "x"}}, TestServer::ServerHeaders()), 404, "TEAM_NOT_FOUND");
}

TEST_F(TeamsTest, ServerListsAllTeamsOrByMemberInCreationOrder) {
    const auto user = MakeUser(*server_);
    const auto first = MakeTeam(*server_, "first", user.id);
    const auto second = MakeTeam(*server_, "second");
    const auto third = MakeTeam(*server_, "third", user.id);
    const auto mine = ItemIds(server_->Get("/api/v1/teams?user_id=" + user.id, TestServer::ServerHeaders()));
    // The personal team from the internal project's createPersonalTeamOnSignUp comes first.
    ASSERT_EQ(mine.size(), 3u);
    EXPECT_EQ(mine[1], first["id"]);
    EXPECT_EQ(mine[2], third["id"]);
    const auto all = ItemIds(server_->Get("/api/v1/teams", TestServer::ServerHeaders()));
    EXPECT_NE(std::find(all.begin(), all.end(), second["id"].get<std::string>()), all.end());
    const auto list = server_->Get("/api/v1/teams?user_id=" + user.id, TestServer::ServerHeaders()).Json();
    EXPECT_EQ(list["is_paginated"], false);
    EXPECT_FALSE(list.contains("pagination"));
    ExpectSchemaError(server_->Get("/api/v1/teams?user_id=nope", TestServer::ServerHeaders()), "GET", "/api/v1/teams",
                      {"query.user_id must be a valid UUID"});
    ExpectSchemaError(server_->Get("/api/v1/teams?other=1", TestServer::ServerHeaders()), "GET", "/api/v1/teams",
                      {"query contains unknown properties: other"});
}

TEST_F(TeamsTest, ClientListsOnlyItsOwnTeams) {
    const auto user = MakeUser(*server_);
    const auto team = MakeTeam(*server_, "client list", user.id);
    const auto mine = server_->Get("/api/v1/teams?user_id=me", user.client());
    ASSERT_EQ(mine.status, 200) << mine.body;
    const auto items = mine.Json()["items"];
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[1], json({{"id", team["id"]},
                              {"display_name", "client list"},
                              {"profile_image_url", nullptr},
                              {"client_metadata", nullptr},
                              {"client_read_only_metadata", nullptr}}));
    EXPECT_EQ(ItemIds(server_->Get("/api/v1/teams?user_id=" + user.id, user.client())).size(), 2u);
    const std::string text =
        "Client can only list teams for their own user. user_id must be either \"me\" or the ID of the current user";
    ExpectTextError(server_->Get("/api/v1/teams", user.client()), 403, text);
    const auto other = MakeUser(*server_);
    ExpectTextError(server_->Get("/api/v1/teams?user_id=" + other.id, user.client()), 403, text);
    ExpectKnownError(server_->Get("/api/v1/teams", TestServer::ClientHeaders()), 400,
                     "CANNOT_GET_OWN_USER_WITHOUT_USER");
    ExpectKnownError(server_->Get("/api/v1/teams?user_id=me", TestServer::ClientHeaders()), 400,
                     "CANNOT_GET_OWN_USER_WITHOUT_USER");
}

TEST_F(TeamsTest, ClientCreatesTeamsAsItselfOnly) {
    const auto user = MakeUser(*server_);
    const auto created = server_->Post("/api/v1/teams", json({{"display_name", "mine"}}).dump(), user.client());
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_FALSE(created.Json().contains("server_metadata"));
    const std::string team_id = created.Json()["id"];
    // The creator gets the teamCreator defaults (team_admin in the internal project).
    const auto perms = server_->Get("/api/v1/team-permissions?user_id=me&team_id=" + team_id, user.client());
    EXPECT_EQ(ItemIds(perms), std::vector<std::string>{"team_admin"});

    const auto as_me = server_->Post("/api/v1/teams", json({{"display_name", "x"}, {"creator_user_id", "me"}}).dump(),
                                     user.client());
    EXPECT_EQ(as_me.status, 201) << as_me.body;
    const auto other = MakeUser(*server_);
    ExpectTextError(
        server_->Post("/api/v1/teams", json({{"display_name", "x"}, {"creator_user_id", other.id}}).dump(),
                      user.client()),
        403, "You cannot create a team as a user that is not yourself. Make sure you set the creator_user_id to 'me'.");
    ExpectKnownError(server_->Post("/api/v1/teams", json({{"display_name", "x"}}).dump(), TestServer::ClientHeaders()),
                     401, "USER_AUTHENTICATION_REQUIRED");
    ExpectSchemaError(
        server_->Post("/api/v1/teams", json({{"display_name", "x"}, {"server_metadata", 1}}).dump(), user.client()),
        "POST", "/api/v1/teams", {"body contains unknown properties: server_metadata"});
    ExpectSchemaError(server_->Post("/api/v1/teams", "{}", user.client()), "POST", "/api/v1/teams",
                      {"body.display_name must be defined"});
    ExpectTextError(server_->Post("/api/v1/teams",
                                  json({{"display_name", "x"}, {"profile_image_url", "https://example.com/a.png"}}).dump(),
                                  user.client()),
                    400, "Invalid profile image URL");
}

TEST_F(TeamsTest, CreatorAndAddCurrentUserRules) {
    const auto user = MakeUser(*server_);
    ExpectTextError(server_->Post("/api/v1/teams?add_current_user=true",
                                  json({{"display_name", "x"}, {"creator_user_id", user.id}}).dump(),
                                  TestServer::ServerHeaders()),
                    400,
                    "Cannot use both creator_user_id and add_current_user. add_current_user is deprecated, please only "
                    "use creator_user_id in the body.");
    ExpectTextError(server_->Post("/api/v1/teams?add_current_user=true", json({{"display_name", "x"}}).dump(),
                                  TestServer::ServerHeaders()),
                    401, "You must be logged in to create a team with the current user as a member.");
    const auto added = server_->Post("/api/v1/teams?add_current_user=true", json({{"display_name", "x"}}).dump(),
                                     ServerAuth(user.access_token));
    ASSERT_EQ(added.status, 201) << added.body;
    EXPECT_EQ(ItemIds(server_->Get("/api/v1/teams?user_id=" + user.id, TestServer::ServerHeaders())).back(),
              added.Json()["id"]);
    const auto before = ItemIds(server_->Get("/api/v1/teams", TestServer::ServerHeaders())).size();
    ExpectKnownError(server_->Post("/api/v1/teams", json({{"display_name", "x"}, {"creator_user_id", kUnknownId}}).dump(),
                                   TestServer::ServerHeaders()),
                     404, "USER_NOT_FOUND");
    EXPECT_EQ(ItemIds(server_->Get("/api/v1/teams", TestServer::ServerHeaders())).size(), before);
}

TEST_F(TeamsTest, ClientReadsOnlyTeamsItBelongsTo) {
    const auto user = MakeUser(*server_);
    const auto team = MakeTeam(*server_, "members only", user.id);
    const std::string path = "/api/v1/teams/" + team["id"].get<std::string>();
    EXPECT_EQ(server_->Get(path, user.client()).status, 200);
    const auto outsider = MakeUser(*server_);
    const auto denied = ExpectKnownError(server_->Get(path, outsider.client()), 404, "TEAM_MEMBERSHIP_NOT_FOUND");
    EXPECT_EQ(denied["details"], json({{"team_id", team["id"]}, {"user_id", outsider.id}}));
    ExpectKnownError(server_->Get(path, TestServer::ClientHeaders()), 401, "USER_AUTHENTICATION_REQUIRED");
    ExpectSchemaError(server_->Get("/api/v1/teams/abc", TestServer::ServerHeaders()), "GET", "/api/v1/teams/abc",
                      {"params.team_id must be a valid UUID"});
    // A bad id and an unknown query key are reported together, the id first.
    ExpectSchemaError(server_->Get("/api/v1/teams/me?team_id=" + team["id"].get<std::string>(), user.client()),
                      "GET", "/api/v1/teams/me",
                      {"params.team_id must be a valid UUID", "query contains unknown properties: team_id"});
}

TEST_F(TeamsTest, ClientUpdateNeedsUpdateTeamAndDeleteNeedsDeleteTeam) {
    const auto creator = MakeUser(*server_);
    const auto member = MakeUser(*server_);
    const auto team = MakeTeam(*server_, "guarded", creator.id);
    const std::string team_id = team["id"];
    const std::string path = "/api/v1/teams/" + team_id;
    ASSERT_EQ(AddMember(*server_, team_id, member.id).status, 201);

    // team_member (the teamMember default) holds only $read_members.
    const auto denied = ExpectKnownError(Patch(path, {{"display_name", "no"}}, member.client()), 401,
                                         "TEAM_PERMISSION_REQUIRED");
    EXPECT_EQ(denied["details"], json({{"team_id", team_id}, {"user_id", member.id}, {"permission_id", "$update_team"}}));
    EXPECT_EQ(denied["error"], "User " + member.id + " does not have permission $update_team in team " + team_id + ".");
    // team_admin contains $update_team.
    const auto renamed = Patch(path, {{"display_name", "renamed"}, {"client_metadata", {{"a", 1}}}}, creator.client());
    ASSERT_EQ(renamed.status, 200) << renamed.body;
    EXPECT_EQ(renamed.Json()["display_name"], "renamed");
    ExpectSchemaError(Patch(path, {{"client_read_only_metadata", 1}}, creator.client()), "PATCH", path,
                      {"body contains unknown properties: client_read_only_metadata"});
    ExpectKnownError(Patch(path, {{"display_name", "x"}}, MakeUser(*server_).client()), 404,
                     "TEAM_MEMBERSHIP_NOT_FOUND");

    // team_admin in the internal project does not contain $delete_team.
    ExpectKnownError(Delete(*server_, path, creator.client()), 401, "TEAM_PERMISSION_REQUIRED");
    ASSERT_EQ(server_->Post("/api/v1/team-permissions/" + team_id + "/" + creator.id + "/$delete_team", "{}",
                            TestServer::ServerHeaders())
                  .status,
              201);
    EXPECT_EQ(Delete(*server_, path, creator.client()).status, 200);
    ExpectKnownError(server_->Get(path, TestServer::ServerHeaders()), 404, "TEAM_NOT_FOUND");
}

TEST_F(TeamsTest, SignUpCreatesAndSelectsAPersonalTeam) {
    const std::string email = UniqueEmail("personal");
    const auto tokens = SignUp(*server_, email);
    const auto me = server_->Get("/api/v1/users/me", ClientAuth(tokens.access_token));
    ASSERT_EQ(me.status, 200) << me.body;
    const auto user = me.Json();
    ASSERT_TRUE(user["selected_team"].is_object()) << me.body;
    EXPECT_EQ(user["selected_team"]["display_name"], email + "'s Team");
    EXPECT_EQ(user["selected_team_id"], user["selected_team"]["id"]);
    EXPECT_FALSE(user["selected_team"].contains("server_metadata"));
    EXPECT_EQ(ItemIds(server_->Get("/api/v1/teams?user_id=me", ClientAuth(tokens.access_token))),
              std::vector<std::string>{user["selected_team_id"]});

    // POST /users answers before the personal team exists, as upstream.
    const auto created = CreateUser(*server_, {{"display_name", "Ann"}});
    EXPECT_EQ(created["selected_team"], nullptr);
    const auto read = server_->Get("/api/v1/users/" + created["id"].get<std::string>(), TestServer::ServerHeaders());
    EXPECT_EQ(read.Json()["selected_team"]["display_name"], "Ann's Team");
    EXPECT_TRUE(read.Json()["selected_team"].contains("created_at_millis"));
    const auto nameless = CreateUser(*server_, json::object());
    EXPECT_EQ(server_->Get("/api/v1/users/" + nameless["id"].get<std::string>(), TestServer::ServerHeaders())
                  .Json()["selected_team"]["display_name"],
              "Personal Team");
}

TEST_F(TeamsTest, SelectedTeamMustBeAMembershipAndGoesWithIt) {
    const auto user = MakeUser(*server_);
    const auto team = MakeTeam(*server_, "pick me", user.id);
    const std::string team_id = team["id"];
    const auto foreign = MakeTeam(*server_, "not mine");
    const auto denied = ExpectKnownError(Patch("/api/v1/users/me", {{"selected_team_id", foreign["id"]}}, user.client()),
                                         404, "TEAM_MEMBERSHIP_NOT_FOUND");
    EXPECT_EQ(denied["details"], json({{"team_id", foreign["id"]}, {"user_id", user.id}}));

    const auto selected = Patch("/api/v1/users/me", {{"selected_team_id", team_id}}, user.client());
    ASSERT_EQ(selected.status, 200) << selected.body;
    EXPECT_EQ(selected.Json()["selected_team_id"], team_id);
    EXPECT_EQ(selected.Json()["selected_team"]["display_name"], "pick me");

    const auto cleared = Patch("/api/v1/users/" + user.id, {{"selected_team_id", nullptr}}, TestServer::ServerHeaders());
    EXPECT_EQ(cleared.Json()["selected_team"], nullptr);
    ASSERT_EQ(Patch("/api/v1/users/me", {{"selected_team_id", team_id}}, user.client()).status, 200);
    // Leaving the team drops the selection.
    EXPECT_EQ(Delete(*server_, "/api/v1/team-memberships/" + team_id + "/me", user.client()).status, 200);
    const auto after = server_->Get("/api/v1/users/me", user.client()).Json();
    EXPECT_EQ(after["selected_team_id"], nullptr);
    EXPECT_EQ(after["selected_team"], nullptr);
}

TEST_F(TeamsTest, ClientTeamCreationCanBeDisabledAndPersonalTeamsTurnedOff) {
    OverrideInternalConfig(*server_,
                           {{"teams.allowClientTeamCreation", false}, {"teams.createPersonalTeamOnSignUp", false}});
    const auto user = MakeUser(*server_);
    ExpectTextError(server_->Post("/api/v1/teams", json({{"display_name", "x"}}).dump(), user.client()), 403,
                    "Client team creation is disabled for this project");
    EXPECT_TRUE(ItemIds(server_->Get("/api/v1/teams?user_id=me", user.client())).empty());
    EXPECT_EQ(server_->Get("/api/v1/users/me", user.client()).Json()["selected_team"], nullptr);
    // Servers may always create teams.
    EXPECT_EQ(server_->Post("/api/v1/teams", json({{"display_name", "x"}}).dump(), TestServer::ServerHeaders()).status,
              201);
    OverrideInternalConfig(*server_,
                           {{"teams.allowClientTeamCreation", true}, {"teams.createPersonalTeamOnSignUp", true}});
}

TEST_F(TeamsTest, AnonymousUpgradeRenamesThePersonalTeam) {
    const auto anonymous = SignUpAnonymously(*server_);
    const auto teams = server_->Get("/api/v1/teams?user_id=" + anonymous.user_id, TestServer::ServerHeaders()).Json();
    ASSERT_EQ(teams["items"].size(), 1u) << teams.dump();
    EXPECT_EQ(teams["items"][0]["display_name"], "Personal Team");
    const auto upgraded = SendJson(*server_, "PATCH", "/api/v1/users/" + anonymous.user_id,
                                   {{"is_anonymous", false}, {"display_name", "Bo"}}, TestServer::ServerHeaders());
    ASSERT_EQ(upgraded.status, 200) << upgraded.body;
    EXPECT_EQ(upgraded.Json()["selected_team"]["display_name"], "Bo's Team");
}

TEST_F(TeamsTest, AdminAccessTokensManageProjectsOwnedByTheirInternalTeams) {
    const auto owner = MakeUser(*server_);
    const auto stranger = MakeUser(*server_);
    const std::string team_id = MakeTeam(*server_, "owners", owner.id)["id"];
    WithDatabase(*server_, [&](storage::Connection& db) {
        domain::Project project;
        project.id = "owned-project";
        project.display_name = "Owned";
        project.owner_team_id = team_id;
        domain::project_repository::InsertProject(db, project, 1);
        domain::project_repository::InsertTenancy(db, project.id, "main", 1);
    });
    auto admin = [](const std::string& token) {
        return Headers{{"x-stack-access-type", "admin"},
                       {"x-stack-project-id", "owned-project"},
                       {"x-stack-admin-access-token", token}};
    };
    const auto allowed = server_->Get("/api/v1/users", admin(owner.access_token));
    EXPECT_EQ(allowed.status, 200) << allowed.body;
    ExpectKnownError(server_->Get("/api/v1/users", admin(stranger.access_token)), 401,
                     "ADMIN_ACCESS_TOKEN_IS_NOT_ADMIN");
    // Leaving the owner team ends the access.
    ASSERT_EQ(Delete(*server_, "/api/v1/team-memberships/" + team_id + "/me", owner.client()).status, 200);
    ExpectKnownError(server_->Get("/api/v1/users", admin(owner.access_token)), 401, "ADMIN_ACCESS_TOKEN_IS_NOT_ADMIN");
}

}  // namespace
}  // namespace stackd::testing
