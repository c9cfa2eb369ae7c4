// /api/v1/team-member-profiles (resources.md §5): fallbacks to the user's own values, the
// client rules ($read_members, self-only updates) and the server filters.
#include <gtest/gtest.h>

#include "integration/api/v1/team_test_helpers.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

class TeamMemberProfilesTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server_ = new TestServer(); }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }
    static std::string Path(const std::string& team_id, const std::string& user_id) {
        return "/api/v1/team-member-profiles/" + team_id + "/" + user_id;
    }
    static HttpResponse Patch(const std::string& path, const json& body, const Headers& headers) {
        return SendJson(*server_, "PATCH", path, body, headers);
    }
    static TestServer* server_;
};
TestServer* TeamMemberProfilesTest::server_ = nullptr;

TEST_F(TeamMemberProfilesTest, ProfilesFallBackToTheUserAndKeepMemberOverrides) {
    const auto user = MakeUser(*server_, {{"display_name", "Ann"}});
    const std::string team_id = MakeTeam(*server_, "profiles", user.id)["id"];
    const auto read = server_->Get(Path(team_id, user.id), user.client());
    ASSERT_EQ(read.status, 200) << read.body;
    EXPECT_EQ(read.Json(),
              json({{"team_id", team_id}, {"user_id", user.id}, {"display_name", "Ann"}, {"profile_image_url", nullptr}}));

    const auto updated = Patch(Path(team_id, "me"),
                               {{"display_name", "Ann at work"}, {"profile_image_url", "https://example.com/a.png"}},
                               user.client());
    ASSERT_EQ(updated.status, 200) << updated.body;
    EXPECT_EQ(updated.Json()["display_name"], "Ann at work");
    EXPECT_EQ(updated.Json()["profile_image_url"], "https://example.com/a.png");
    // The user record is untouched, and its later renames do not override the member name.
    ASSERT_EQ(SendJson(*server_, "PATCH", "/api/v1/users/me", {{"display_name", "Annie"}}, user.client()).status, 200);
    const auto server_view = server_->Get(Path(team_id, user.id), TestServer::ServerHeaders()).Json();
    EXPECT_EQ(server_view["display_name"], "Ann at work");
    EXPECT_EQ(server_view["user"]["display_name"], "Annie");
    EXPECT_EQ(server_view["user"]["id"], user.id);
    EXPECT_TRUE(server_view["user"].contains("server_metadata"));
    ExpectTextError(Patch(Path(team_id, user.id), {{"profile_image_url", "ftp://x"}}, user.client()), 400,
                    "Invalid profile image URL");
    ExpectSchemaError(Patch(Path(team_id, user.id), {{"user_id", "x"}}, user.client()), "PATCH",
                      Path(team_id, user.id), {"body contains unknown properties: user_id"});
}

TEST_F(TeamMemberProfilesTest, ClientReadsOthersOnlyWithReadMembers) {
    const auto admin = MakeUser(*server_);
    const auto member = MakeUser(*server_);
    const std::string team_id = MakeTeam(*server_, "reads", admin.id)["id"];
    ASSERT_EQ(AddMember(*server_, team_id, member.id).status, 201);
    // Both team_admin and team_member contain $read_members.
    EXPECT_EQ(server_->Get(Path(team_id, admin.id), member.client()).status, 200);
    EXPECT_EQ(ItemIds(server_->Get("/api/v1/team-member-profiles?team_id=" + team_id, member.client()), "user_id"),
              (std::vector<std::string>{admin.id, member.id}));
    ASSERT_EQ(Delete(*server_, "/api/v1/team-permissions/" + team_id + "/" + member.id + "/team_member",
                     TestServer::ServerHeaders())
                  .status,
              200);
    const auto denied =
        ExpectKnownError(server_->Get(Path(team_id, admin.id), member.client()), 401, "TEAM_PERMISSION_REQUIRED");
    EXPECT_EQ(denied["details"]["permission_id"], "$read_members");
    ExpectKnownError(server_->Get("/api/v1/team-member-profiles?team_id=" + team_id, member.client()), 401,
                     "TEAM_PERMISSION_REQUIRED");
    // Its own profile needs nothing.
    EXPECT_EQ(ItemIds(server_->Get("/api/v1/team-member-profiles?user_id=me&team_id=" + team_id, member.client()),
                      "user_id"),
              std::vector<std::string>{member.id});
    EXPECT_EQ(server_->Get(Path(team_id, "me"), member.client()).status, 200);
    ExpectTextError(Patch(Path(team_id, admin.id), {{"display_name", "x"}}, member.client()), 403,
                    "Cannot update another user's profile");
}

TEST_F(TeamMemberProfilesTest, ClientListRules) {
    const auto user = MakeUser(*server_);
    const std::string team_id = MakeTeam(*server_, "list rules")["id"];
    ExpectTextError(server_->Get("/api/v1/team-member-profiles", user.client()), 400,
                    "team_id is required for access type client");
    ExpectKnownError(server_->Get("/api/v1/team-member-profiles?team_id=" + team_id, user.client()), 404,
                     "TEAM_MEMBERSHIP_NOT_FOUND");
    ExpectKnownError(server_->Get("/api/v1/team-member-profiles?team_id=" + team_id, TestServer::ClientHeaders()), 400,
                     "CANNOT_GET_OWN_USER_WITHOUT_USER");
    ExpectKnownError(server_->Get(Path(team_id, user.id), TestServer::ServerHeaders()), 404,
                     "TEAM_MEMBERSHIP_NOT_FOUND");
    ExpectKnownError(Patch(Path(team_id, user.id), {{"display_name", "x"}}, TestServer::ServerHeaders()), 404,
                     "TEAM_MEMBERSHIP_NOT_FOUND");
}

TEST_F(TeamMemberProfilesTest, ServerFiltersByTeamAndUser) {
    const auto user = MakeUser(*server_);
    const std::string team_id = MakeTeam(*server_, "server filters", user.id)["id"];
    const auto by_user = server_->Get("/api/v1/team-member-profiles?user_id=" + user.id, TestServer::ServerHeaders());
    EXPECT_EQ(ItemIds(by_user, "team_id").size(), 2u);  // personal team and this one
    EXPECT_EQ(by_user.Json()["is_paginated"], false);
    ExpectKnownError(server_->Get("/api/v1/team-member-profiles?team_id=" + std::string(kUnknownId),
                                  TestServer::ServerHeaders()),
                     404, "TEAM_NOT_FOUND");
    ExpectKnownError(server_->Get("/api/v1/team-member-profiles?user_id=" + std::string(kUnknownId),
                                  TestServer::ServerHeaders()),
                     404, "USER_NOT_FOUND");
    ExpectSchemaError(server_->Get("/api/v1/team-member-profiles?team_id=x", TestServer::ServerHeaders()), "GET",
                      "/api/v1/team-member-profiles", {"query.team_id must be a valid UUID"});
}

}  // namespace
}  // namespace stackd::testing
