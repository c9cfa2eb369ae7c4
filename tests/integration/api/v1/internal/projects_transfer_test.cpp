// POST /internal/projects/transfer (platform.md §1.7): a team admin of the owner team moves
// a project to another team they belong to.
#include <gtest/gtest.h>

#include "integration/api/v1/internal/admin_test_helpers.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

class ProjectsTransferTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server_ = new TestServer(); }
    static void TearDownTestSuite() { delete server_; }

    static HttpResponse Transfer(const std::string& project_id, const std::string& team_id, const Headers& headers) {
        return SendJson(*server_, "POST", "/api/v1/internal/projects/transfer",
                        {{"project_id", project_id}, {"new_team_id", team_id}}, headers);
    }
    // A team of `internal` created by the user's client: its creator becomes team_admin.
    static std::string CreateTeam(const DashboardUser& user) {
        const auto response = SendJson(*server_, "POST", "/api/v1/teams",
                                       {{"display_name", "Another team"}, {"creator_user_id", "me"}}, user.client());
        EXPECT_EQ(response.status, 201) << response.body;
        return response.Json().value("id", "");
    }
    static void AddMember(const std::string& team_id, const DashboardUser& user) {
        const auto response = SendJson(*server_, "POST",
                                       "/api/v1/team-memberships/" + team_id + "/" + user.tokens.user_id,
                                       json::object(), TestServer::ServerHeaders());
        EXPECT_EQ(response.status, 201) << response.body;
    }
    static std::string OwnerTeam(const std::string& project_id, const DashboardUser& user) {
        const auto response =
            server_->Get("/api/v1/internal/projects/current", AdminTokenHeaders(project_id, user.tokens.access_token));
        EXPECT_EQ(response.status, 200) << response.body;
        return response.Json().value("owner_team_id", "");
    }
    static TestServer* server_;
};
TestServer* ProjectsTransferTest::server_ = nullptr;

TEST_F(ProjectsTransferTest, TeamAdminMovesAProjectToAnotherOfTheirTeams) {
    const auto alice = SignUpDashboardUser(*server_, "transfer-a");
    const std::string project_id = CreateProjectAs(*server_, alice)["id"];
    const std::string new_team = CreateTeam(alice);
    const auto response = Transfer(project_id, new_team, alice.client());
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.Json(), json({{"success", "true"}}));
    EXPECT_EQ(OwnerTeam(project_id, alice), new_team);

    // Moving to a team where the caller is only a member is allowed.
    const auto bob = SignUpDashboardUser(*server_, "transfer-b");
    AddMember(bob.team_id, alice);
    ASSERT_EQ(Transfer(project_id, bob.team_id, alice.client()).status, 200);
    EXPECT_EQ(OwnerTeam(project_id, bob), bob.team_id);
}

TEST_F(ProjectsTransferTest, RefusesWithoutTheRightMemberships) {
    const auto carol = SignUpDashboardUser(*server_, "transfer-c");
    const auto dave = SignUpDashboardUser(*server_, "transfer-d");
    const std::string project_id = CreateProjectAs(*server_, carol)["id"];
    // dave is a plain member of the owner team: no team_admin.
    AddMember(carol.team_id, dave);
    const auto denied = ExpectKnownError(Transfer(project_id, dave.team_id, dave.client()), 401,
                                         "TEAM_PERMISSION_REQUIRED");
    EXPECT_EQ(denied["details"], json({{"team_id", carol.team_id},
                                       {"user_id", dave.tokens.user_id},
                                       {"permission_id", "team_admin"}}));
    // carol is not in dave's team.
    ExpectKnownError(Transfer(project_id, dave.team_id, carol.client()), 404, "TEAM_MEMBERSHIP_NOT_FOUND");
    EXPECT_EQ(OwnerTeam(project_id, carol), carol.team_id);

    const auto missing = ExpectKnownError(Transfer("no-such-project", carol.team_id, carol.client()), 404,
                                          "PROJECT_NOT_FOUND");
    EXPECT_EQ(missing["details"], json({{"project_id", "no-such-project"}}));
    CreateProjectInDatabase(*server_, "unowned-project", "ssk_unowned");
    ExpectTextError(Transfer("unowned-project", carol.team_id, carol.client()), 400,
                    "Project must have an owner team to be transferred");
}

TEST_F(ProjectsTransferTest, NeedsAUserOfTheInternalProject) {
    const auto erin = SignUpDashboardUser(*server_, "transfer-e");
    const std::string project_id = CreateProjectAs(*server_, erin)["id"];
    const std::string path = "/api/v1/internal/projects/transfer";
    ExpectSchemaError(Transfer(project_id, erin.team_id, TestServer::ClientHeaders()), "POST", path,
                      {"auth.user must be defined"});
    ExpectSchemaError(Transfer(project_id, erin.team_id, AdminTokenHeaders(project_id, erin.tokens.access_token)),
                      "POST", path, {"auth.project.id must be one of the following values: internal",
                                     "auth.user must be defined"});
    ExpectSchemaError(SendJson(*server_, "POST", path, {{"project_id", project_id}}, erin.client()), "POST", path,
                      {"body.new_team_id must be defined"});
    ExpectKnownError(SendJson(*server_, "POST", path, {{"project_id", project_id}}, {}), 400, "ACCESS_TYPE_REQUIRED");
}

}  // namespace
}  // namespace stackd::testing
