// /api/v1/team-permission-definitions (resources.md §8): admin-only CRUD on the config's
// team definitions, the built-in `$` permissions, renames and deletes reaching grants.
#include <gtest/gtest.h>

#include "integration/api/v1/team_test_helpers.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

constexpr const char* kPath = "/api/v1/team-permission-definitions";

class TeamPermissionDefinitionsTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server_ = new TestServer(); }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }
    static HttpResponse Create(const json& body) { return server_->Post(kPath, body.dump(), TestServer::AdminHeaders()); }
    static HttpResponse Patch(const std::string& id, const json& body) {
        return SendJson(*server_, "PATCH", std::string(kPath) + "/" + id, body, TestServer::AdminHeaders());
    }
    static json Find(const std::string& id) {
        const auto list = server_->Get(kPath, TestServer::AdminHeaders()).Json();
        for (const auto& item : list["items"]) {
            if (item["id"] == id) {
                return item;
            }
        }
        return nullptr;
    }
    static TestServer* server_;
};
TestServer* TeamPermissionDefinitionsTest::server_ = nullptr;

TEST_F(TeamPermissionDefinitionsTest, ListHoldsTheSystemPermissionsAndTheSeededOnes) {
    const auto list = server_->Get(kPath, TestServer::AdminHeaders());
    ASSERT_EQ(list.status, 200) << list.body;
    const auto ids = ItemIds(list);
    ASSERT_GE(ids.size(), 8u);
    EXPECT_EQ(std::vector<std::string>(ids.begin(), ids.begin() + 6),
              (std::vector<std::string>{"$delete_team", "$invite_members", "$manage_api_keys", "$read_members",
                                        "$remove_members", "$update_team"}));
    EXPECT_EQ(list.Json()["items"][0],
              json({{"id", "$delete_team"}, {"description", "Delete the team"}, {"contained_permission_ids", json::array()}}));
    EXPECT_EQ(Find("team_admin")["contained_permission_ids"],
              json({"$read_members", "$remove_members", "$update_team"}));
    ExpectKnownError(server_->Get(kPath, TestServer::ServerHeaders()), 401, "INSUFFICIENT_ACCESS_TYPE");
    ExpectKnownError(server_->Get(kPath, TestServer::ClientHeaders()), 401, "INSUFFICIENT_ACCESS_TYPE");
}

TEST_F(TeamPermissionDefinitionsTest, CreateValidatesIdsAndContainedPermissions) {
    const auto created = Create({{"id", "editor"}, {"contained_permission_ids", {"$update_team", "$read_members"}}});
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(created.Json(), json({{"id", "editor"}, {"contained_permission_ids", {"$read_members", "$update_team"}}}));
    const auto described = Create({{"id", "viewer"}, {"description", "Can view"}});
    EXPECT_EQ(described.Json(),
              json({{"id", "viewer"}, {"description", "Can view"}, {"contained_permission_ids", json::array()}}));
    EXPECT_EQ(Find("viewer"), described.Json());

    const auto duplicate = ExpectKnownError(Create({{"id", "editor"}}), 400, "PERMISSION_ID_ALREADY_EXISTS");
    EXPECT_EQ(duplicate["details"], json({{"permission_id", "editor"}}));
    EXPECT_EQ(duplicate["error"], "Permission with ID \"editor\" already exists. Choose a different ID.");
    const auto contained =
        ExpectKnownError(Create({{"id", "x1"}, {"contained_permission_ids", {"ghost"}}}), 400,
                         "CONTAINED_PERMISSION_NOT_FOUND");
    EXPECT_EQ(contained["details"], json({{"permission_id", "ghost"}}));
    ASSERT_EQ(server_->Post("/api/v1/project-permission-definitions", json({{"id", "proj_only"}}).dump(),
                            TestServer::AdminHeaders())
                  .status,
              201);
    ExpectKnownError(Create({{"id", "proj_only"}}), 400, "PERMISSION_ID_ALREADY_EXISTS");
    ExpectKnownError(Create({{"id", "x2"}, {"contained_permission_ids", {"proj_only"}}}), 400,
                     "CONTAINED_PERMISSION_NOT_FOUND");
    ExpectSchemaError(Create({{"id", "$update_team"}}), "POST", kPath,
                      {"Only lowercase letters, numbers, \":\", \"_\" are allowed"});
    ExpectSchemaError(Create(json::object()), "POST", kPath, {"body.id must be defined"});
    ExpectSchemaError(Create({{"id", "x3"}, {"contained_permission_ids", {"$bogus"}}}), "POST", kPath,
                      {"Invalid system permission"});
    ExpectKnownError(server_->Post(kPath, json({{"id", "x4"}}).dump(), TestServer::ServerHeaders()), 401,
                     "INSUFFICIENT_ACCESS_TYPE");
}

TEST_F(TeamPermissionDefinitionsTest, UpdateReplacesAndRenamesEverywhere) {
    ASSERT_EQ(Create({{"id", "child"}}).status, 201);
    ASSERT_EQ(Create({{"id", "parent"}, {"description", "p"}, {"contained_permission_ids", {"child"}}}).status, 201);
    const auto user = MakeUser(*server_);
    const std::string team_id = MakeTeam(*server_, "renames")["id"];
    ASSERT_EQ(AddMember(*server_, team_id, user.id).status, 201);
    ASSERT_EQ(server_->Post("/api/v1/team-permissions/" + team_id + "/" + user.id + "/child", "{}",
                            TestServer::ServerHeaders())
                  .status,
              201);

    const auto renamed = Patch("child", {{"id", "kid"}, {"description", "renamed"}});
    ASSERT_EQ(renamed.status, 200) << renamed.body;
    EXPECT_EQ(renamed.Json(), json({{"id", "kid"}, {"description", "renamed"}, {"contained_permission_ids", json::array()}}));
    EXPECT_EQ(Find("child"), nullptr);
    EXPECT_EQ(Find("parent")["contained_permission_ids"], json({"kid"}));
    EXPECT_EQ(ItemIds(server_->Get("/api/v1/team-permissions?team_id=" + team_id + "&user_id=" + user.id,
                                   TestServer::ServerHeaders())),
              (std::vector<std::string>{"kid", "team_member"}));

    // Replace semantics: omitted description and contained ids are cleared.
    const auto replaced = Patch("parent", json::object());
    EXPECT_EQ(replaced.Json(), json({{"id", "parent"}, {"contained_permission_ids", json::array()}}));
    EXPECT_EQ(Find("parent"), replaced.Json());

    ExpectKnownError(Patch("$update_team", {{"description", "x"}}), 404, "PERMISSION_NOT_FOUND");
    ExpectKnownError(Patch("ghost", {{"description", "x"}}), 404, "PERMISSION_NOT_FOUND");
    ExpectKnownError(Patch("parent", {{"id", "kid"}}), 400, "PERMISSION_ID_ALREADY_EXISTS");
    ExpectKnownError(Patch("parent", {{"contained_permission_ids", {"ghost"}}}), 400, "CONTAINED_PERMISSION_NOT_FOUND");
}

TEST_F(TeamPermissionDefinitionsTest, DeleteRemovesTheDefinitionItsContainmentsAndGrants) {
    ASSERT_EQ(Create({{"id", "doomed"}}).status, 201);
    ASSERT_EQ(Create({{"id", "holder"}, {"contained_permission_ids", {"doomed", "$read_members"}}}).status, 201);
    const auto user = MakeUser(*server_);
    const std::string team_id = MakeTeam(*server_, "deletes")["id"];
    ASSERT_EQ(AddMember(*server_, team_id, user.id).status, 201);
    ASSERT_EQ(server_->Post("/api/v1/team-permissions/" + team_id + "/" + user.id + "/doomed", "{}",
                            TestServer::ServerHeaders())
                  .status,
              201);
    const auto deleted = Delete(*server_, std::string(kPath) + "/doomed", TestServer::AdminHeaders());
    ASSERT_EQ(deleted.status, 200) << deleted.body;
    EXPECT_EQ(deleted.Json(), json({{"success", true}}));
    EXPECT_EQ(Find("doomed"), nullptr);
    EXPECT_EQ(Find("holder")["contained_permission_ids"], json({"$read_members"}));
    EXPECT_EQ(ItemIds(server_->Get("/api/v1/team-permissions?team_id=" + team_id + "&user_id=" + user.id,
                                   TestServer::ServerHeaders())),
              std::vector<std::string>{"team_member"});
    ExpectKnownError(Delete(*server_, std::string(kPath) + "/doomed", TestServer::AdminHeaders()), 404,
                     "PERMISSION_NOT_FOUND");
    ExpectKnownError(Delete(*server_, std::string(kPath) + "/$read_members", TestServer::AdminHeaders()), 404,
                     "PERMISSION_NOT_FOUND");
    ASSERT_EQ(server_->Post("/api/v1/project-permission-definitions", json({{"id", "proj_del"}}).dump(),
                            TestServer::AdminHeaders())
                  .status,
              201);
    ExpectKnownError(Delete(*server_, std::string(kPath) + "/proj_del", TestServer::AdminHeaders()), 404,
                     "PERMISSION_NOT_FOUND");
}

TEST_F(TeamPermissionDefinitionsTest, ContainmentCyclesAreHarmless) {
    ASSERT_EQ(Create({{"id", "cycle_a"}}).status, 201);
    ASSERT_EQ(Create({{"id", "cycle_b"}, {"contained_permission_ids", {"cycle_a"}}}).status, 201);
    // Upstream accepts the cycle; expansion keeps a visited set.
    ASSERT_EQ(Patch("cycle_a", {{"contained_permission_ids", {"cycle_b"}}}).status, 200);
    const auto user = MakeUser(*server_);
    const std::string team_id = MakeTeam(*server_, "cycles")["id"];
    ASSERT_EQ(AddMember(*server_, team_id, user.id).status, 201);
    ASSERT_EQ(server_->Post("/api/v1/team-permissions/" + team_id + "/" + user.id + "/cycle_a", "{}",
                            TestServer::ServerHeaders())
                  .status,
              201);
    EXPECT_EQ(ItemIds(server_->Get("/api/v1/team-permissions?recursive=true&team_id=" + team_id + "&user_id=" + user.id,
                                   TestServer::ServerHeaders())),
              (std::vector<std::string>{"$read_members", "cycle_a", "cycle_b", "team_member"}));
}

}  // namespace
}  // namespace stackd::testing
