// /api/v1/team-permissions (resources.md §6, §7): direct and recursive listing, grants,
// revocation of direct grants only, scope checks and the client's own-user rule.
#include <gtest/gtest.h>

#include "integration/api/v1/team_test_helpers.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

class TeamPermissionsTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        server_ = new TestServer();
        // reviewer ⊃ {$read_members, auditor}; auditor has no children; billing is project scope.
        for (const auto& [path, body] : std::vector<std::pair<std::string, json>>{
                 {"/api/v1/team-permission-definitions", {{"id", "auditor"}}},
                 {"/api/v1/team-permission-definitions",
                  {{"id", "reviewer"}, {"contained_permission_ids", {"$read_members", "auditor"}}}},
                 {"/api/v1/project-permission-definitions", {{"id", "billing"}}}}) {
            const auto created = server_->Post(path, body.dump(), TestServer::AdminHeaders());
            ASSERT_EQ(created.status, 201) << created.body;
        }
    }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }
    static std::string Path(const std::string& team_id, const std::string& user_id, const std::string& permission) {
        return "/api/v1/team-permissions/" + team_id + "/" + user_id + "/" + permission;
    }
    static TestServer* server_;
};
TestServer* TeamPermissionsTest::server_ = nullptr;

TEST_F(TeamPermissionsTest, GrantListAndRevoke) {
    const auto user = MakeUser(*server_);
    const std::string team_id = MakeTeam(*server_, "perms")["id"];
    ASSERT_EQ(AddMember(*server_, team_id, user.id).status, 201);
    const auto granted = server_->Post(Path(team_id, user.id, "reviewer"), "{}", TestServer::ServerHeaders());
    ASSERT_EQ(granted.status, 201) << granted.body;
    EXPECT_EQ(granted.Json(), json({{"id", "reviewer"}, {"team_id", team_id}, {"user_id", user.id}}));
    // Granting twice is harmless.
    EXPECT_EQ(server_->Post(Path(team_id, user.id, "reviewer"), "{}", TestServer::ServerHeaders()).status, 201);

    const std::string query = "/api/v1/team-permissions?team_id=" + team_id + "&user_id=" + user.id;
    EXPECT_EQ(ItemIds(server_->Get(query, TestServer::ServerHeaders())),
              (std::vector<std::string>{"reviewer", "team_member"}));
    EXPECT_EQ(ItemIds(server_->Get(query + "&recursive=true", TestServer::ServerHeaders())),
              (std::vector<std::string>{"$read_members", "auditor", "reviewer", "team_member"}));
    EXPECT_EQ(ItemIds(server_->Get(query + "&recursive=true&permission_id=auditor", TestServer::ServerHeaders())),
              std::vector<std::string>{"auditor"});
    EXPECT_TRUE(ItemIds(server_->Get(query + "&permission_id=auditor", TestServer::ServerHeaders())).empty());

    // Only a direct grant can be revoked.
    const auto inherited = ExpectKnownError(
        Delete(*server_, Path(team_id, user.id, "auditor"), TestServer::ServerHeaders()), 401,
        "TEAM_PERMISSION_NOT_FOUND");
    EXPECT_EQ(inherited["details"], json({{"team_id", team_id}, {"user_id", user.id}, {"permission_id", "auditor"}}));
    const auto revoked = Delete(*server_, Path(team_id, user.id, "reviewer"), TestServer::ServerHeaders());
    ASSERT_EQ(revoked.status, 200) << revoked.body;
    EXPECT_EQ(revoked.Json(), json({{"success", true}}));
    EXPECT_EQ(ItemIds(server_->Get(query, TestServer::ServerHeaders())), std::vector<std::string>{"team_member"});
}

TEST_F(TeamPermissionsTest, SystemPermissionsCanBeGrantedDirectly) {
    const auto user = MakeUser(*server_);
    const std::string team_id = MakeTeam(*server_, "system")["id"];
    ASSERT_EQ(AddMember(*server_, team_id, user.id).status, 201);
    EXPECT_EQ(server_->Post(Path(team_id, user.id, "$invite_members"), "{}", TestServer::ServerHeaders()).status, 201);
    EXPECT_EQ(ItemIds(server_->Get("/api/v1/team-permissions?user_id=me&team_id=" + team_id +
                                       "&permission_id=$invite_members",
                                   user.client())),
              std::vector<std::string>{"$invite_members"});
}

TEST_F(TeamPermissionsTest, GrantErrors) {
    const auto user = MakeUser(*server_);
    const std::string team_id = MakeTeam(*server_, "errors")["id"];
    ASSERT_EQ(AddMember(*server_, team_id, user.id).status, 201);
    const auto missing = ExpectKnownError(
        server_->Post(Path(team_id, user.id, "nope"), "{}", TestServer::ServerHeaders()), 404, "PERMISSION_NOT_FOUND");
    EXPECT_EQ(missing["details"], json({{"permission_id", "nope"}}));
    const auto scope = ExpectKnownError(
        server_->Post(Path(team_id, user.id, "billing"), "{}", TestServer::ServerHeaders()), 404,
        "WRONG_PERMISSION_SCOPE");
    EXPECT_EQ(scope["details"],
              json({{"permission_id", "billing"}, {"expected_scope", "team"}, {"actual_scope", "project"}}));
    EXPECT_EQ(scope["error"],
              "Permission \"billing\" not found. (It was found for a different scope \"project\", but scope \"team\" "
              "was expected.)");
    const auto outsider = MakeUser(*server_);
    ExpectKnownError(server_->Post(Path(team_id, outsider.id, "auditor"), "{}", TestServer::ServerHeaders()), 404,
                     "TEAM_MEMBERSHIP_NOT_FOUND");
    ExpectKnownError(server_->Post(Path(team_id, kUnknownId, "auditor"), "{}", TestServer::ServerHeaders()), 404,
                     "USER_NOT_FOUND");
    ExpectKnownError(Delete(*server_, Path(team_id, outsider.id, "auditor"), TestServer::ServerHeaders()), 404,
                     "TEAM_MEMBERSHIP_NOT_FOUND");
    ExpectSchemaError(server_->Post(Path(team_id, user.id, "$nope"), "{}", TestServer::ServerHeaders()), "POST",
                      Path(team_id, user.id, "$nope"), {"Invalid system permission"});
    ExpectSchemaError(
        server_->Post(Path(team_id, user.id, "Upper"), "{}", TestServer::ServerHeaders()), "POST",
        Path(team_id, user.id, "Upper"),
        {"Only lowercase letters, numbers, \":\", \"_\" and optional \"$\" at the beginning are allowed"});
}

TEST_F(TeamPermissionsTest, ClientsListTheirOwnAndCannotGrant) {
    const auto user = MakeUser(*server_);
    const std::string team_id = MakeTeam(*server_, "client", user.id)["id"];
    const auto own = server_->Get("/api/v1/team-permissions?user_id=me&team_id=" + team_id, user.client());
    EXPECT_EQ(ItemIds(own), std::vector<std::string>{"team_admin"});
    const std::string text =
        "Client can only list permissions for their own user. user_id must be either \"me\" or the ID of the current "
        "user";
    ExpectTextError(server_->Get("/api/v1/team-permissions", user.client()), 403, text);
    ExpectTextError(server_->Get("/api/v1/team-permissions?user_id=" + std::string(kUnknownId), user.client()), 403,
                    text);
    ExpectKnownError(server_->Get("/api/v1/team-permissions", TestServer::ClientHeaders()), 400,
                     "CANNOT_GET_OWN_USER_WITHOUT_USER");
    ExpectKnownError(server_->Post(Path(team_id, "me", "$delete_team"), "{}", user.client()), 401,
                     "INSUFFICIENT_ACCESS_TYPE");
    ExpectKnownError(Delete(*server_, Path(team_id, "me", "team_admin"), user.client()), 401,
                     "INSUFFICIENT_ACCESS_TYPE");
    ExpectSchemaError(server_->Get("/api/v1/team-permissions?user_id=me&recursive=yes", user.client()), "GET",
                      "/api/v1/team-permissions", {"query.recursive must be one of the following values: true, false"});
}

}  // namespace
}  // namespace stackd::testing
