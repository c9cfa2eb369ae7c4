// /api/v1/team-memberships/{team_id}/{user_id} (resources.md §4): server-only adds with the
// teamMember defaults, leaving, and removing others with $remove_members.
#include <gtest/gtest.h>

#include "integration/api/v1/team_test_helpers.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

class TeamMembershipsTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server_ = new TestServer(); }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }
    static std::string Path(const std::string& team_id, const std::string& user_id) {
        return "/api/v1/team-memberships/" + team_id + "/" + user_id;
    }
    static TestServer* server_;
};
TestServer* TeamMembershipsTest::server_ = nullptr;

TEST_F(TeamMembershipsTest, ServerAddsAMemberWithTheTeamMemberDefaults) {
    const auto user = MakeUser(*server_);
    const std::string team_id = MakeTeam(*server_, "club")["id"];
    const auto added = AddMember(*server_, team_id, user.id);
    ASSERT_EQ(added.status, 201) << added.body;
    EXPECT_EQ(added.Json(), json({{"team_id", team_id}, {"user_id", user.id}}));
    EXPECT_EQ(ItemIds(server_->Get("/api/v1/team-permissions?team_id=" + team_id + "&user_id=" + user.id,
                                   TestServer::ServerHeaders())),
              std::vector<std::string>{"team_member"});
    ExpectKnownError(AddMember(*server_, team_id, user.id), 409, "TEAM_MEMBERSHIP_ALREADY_EXISTS");
    ExpectKnownError(AddMember(*server_, team_id, kUnknownId), 404, "USER_NOT_FOUND");
    const auto missing = ExpectKnownError(AddMember(*server_, kUnknownId, user.id), 404, "TEAM_NOT_FOUND");
    EXPECT_EQ(missing["details"], json({{"team_id", kUnknownId}}));
    ExpectSchemaError(server_->Post(Path(team_id, user.id), "[1]", TestServer::ServerHeaders()), "POST",
                      Path(team_id, user.id), {"body must be a `object` type, but the final value was: `[1]`."});
    ExpectSchemaError(server_->Post(Path(team_id, "bad"), "{}", TestServer::ServerHeaders()), "POST",
                      Path(team_id, "bad"), {"params.user_id must be a valid UUID"});
}

TEST_F(TeamMembershipsTest, ClientsCannotAddMembers) {
    const auto user = MakeUser(*server_);
    const std::string team_id = MakeTeam(*server_, "closed", user.id)["id"];
    const auto body = ExpectKnownError(server_->Post(Path(team_id, "me"), "{}", user.client()), 401,
                                       "INSUFFICIENT_ACCESS_TYPE");
    EXPECT_EQ(body["details"], json({{"actual_access_type", "client"}, {"allowed_access_types", {"server", "admin"}}}));
}

TEST_F(TeamMembershipsTest, ServerMeNamesTheAccessTokenUser) {
    const auto user = MakeUser(*server_);
    const std::string team_id = MakeTeam(*server_, "me team")["id"];
    const auto added = server_->Post(Path(team_id, "me"), "{}", ServerAuth(user.access_token));
    ASSERT_EQ(added.status, 201) << added.body;
    EXPECT_EQ(added.Json()["user_id"], user.id);
    ExpectKnownError(server_->Post(Path(team_id, "me"), "{}", TestServer::ServerHeaders()), 400,
                     "CANNOT_GET_OWN_USER_WITHOUT_USER");
}

TEST_F(TeamMembershipsTest, AClientMayAlwaysLeave) {
    const auto user = MakeUser(*server_);
    const std::string team_id = MakeTeam(*server_, "leavable")["id"];
    ASSERT_EQ(AddMember(*server_, team_id, user.id).status, 201);
    const auto left = Delete(*server_, Path(team_id, "me"), user.client());
    ASSERT_EQ(left.status, 200) << left.body;
    EXPECT_EQ(left.Json(), json({{"success", true}}));
    ExpectKnownError(Delete(*server_, Path(team_id, "me"), user.client()), 404, "TEAM_MEMBERSHIP_NOT_FOUND");
    // Its grants went with the membership.
    EXPECT_TRUE(ItemIds(server_->Get("/api/v1/team-permissions?team_id=" + team_id, TestServer::ServerHeaders())).empty());
}

TEST_F(TeamMembershipsTest, RemovingOthersNeedsRemoveMembers) {
    const auto admin = MakeUser(*server_);
    const auto member = MakeUser(*server_);
    const auto other = MakeUser(*server_);
    const std::string team_id = MakeTeam(*server_, "strict", admin.id)["id"];
    ASSERT_EQ(AddMember(*server_, team_id, member.id).status, 201);
    ASSERT_EQ(AddMember(*server_, team_id, other.id).status, 201);

    const auto denied =
        ExpectKnownError(Delete(*server_, Path(team_id, other.id), member.client()), 401, "TEAM_PERMISSION_REQUIRED");
    EXPECT_EQ(denied["details"],
              json({{"team_id", team_id}, {"user_id", member.id}, {"permission_id", "$remove_members"}}));
    const auto outsider = MakeUser(*server_);
    ExpectKnownError(Delete(*server_, Path(team_id, other.id), outsider.client()), 404, "TEAM_MEMBERSHIP_NOT_FOUND");
    // team_admin (the creator's default) contains $remove_members.
    EXPECT_EQ(Delete(*server_, Path(team_id, other.id), admin.client()).status, 200);
    ExpectKnownError(Delete(*server_, Path(team_id, other.id), admin.client()), 404, "TEAM_MEMBERSHIP_NOT_FOUND");
    ExpectKnownError(Delete(*server_, Path(team_id, kUnknownId), admin.client()), 404, "USER_NOT_FOUND");
    ExpectKnownError(Delete(*server_, Path(team_id, other.id), TestServer::ClientHeaders()), 400,
                     "CANNOT_GET_OWN_USER_WITHOUT_USER");
    // The server needs no permission.
    EXPECT_EQ(Delete(*server_, Path(team_id, member.id), TestServer::ServerHeaders()).status, 200);
}

TEST_F(TeamMembershipsTest, DeletingAUserOrTeamRemovesItsMemberships) {
    const auto user = MakeUser(*server_);
    const std::string team_id = MakeTeam(*server_, "temporary", user.id)["id"];
    ASSERT_EQ(Delete(*server_, "/api/v1/users/" + user.id, TestServer::ServerHeaders()).status, 200);
    EXPECT_TRUE(ItemIds(server_->Get("/api/v1/team-member-profiles?team_id=" + team_id, TestServer::ServerHeaders()),
                        "user_id")
                    .empty());
    // The team itself stays.
    EXPECT_EQ(server_->Get("/api/v1/teams/" + team_id, TestServer::ServerHeaders()).status, 200);
}

}  // namespace
}  // namespace stackd::testing
