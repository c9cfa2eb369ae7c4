// /api/v1/project-permissions and /project-permission-definitions (resources.md §9, §10).
#include <gtest/gtest.h>

#include "integration/api/v1/team_test_helpers.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

constexpr const char* kDefinitions = "/api/v1/project-permission-definitions";

class ProjectPermissionsTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server_ = new TestServer(); }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }
    static HttpResponse Define(const json& body) {
        return server_->Post(kDefinitions, body.dump(), TestServer::AdminHeaders());
    }
    static std::string Path(const std::string& user_id, const std::string& permission) {
        return "/api/v1/project-permissions/" + user_id + "/" + permission;
    }
    static TestServer* server_;
};
TestServer* ProjectPermissionsTest::server_ = nullptr;

TEST_F(ProjectPermissionsTest, DefinitionsCrud) {
    const auto empty = server_->Get(kDefinitions, TestServer::AdminHeaders());
    ASSERT_EQ(empty.status, 200) << empty.body;
    for (const auto& id : ItemIds(empty)) {
        EXPECT_NE(id[0], '$');  // no system permissions in the project scope
    }
    ASSERT_EQ(Define({{"id", "read_docs"}}).status, 201);
    const auto created = Define({{"id", "write_docs"}, {"description", "w"}, {"contained_permission_ids", {"read_docs"}}});
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(created.Json(), json({{"id", "write_docs"}, {"description", "w"}, {"contained_permission_ids", {"read_docs"}}}));
    ExpectKnownError(Define({{"id", "x"}, {"contained_permission_ids", {"$read_members"}}}), 400,
                     "CONTAINED_PERMISSION_NOT_FOUND");
    ExpectKnownError(Define({{"id", "x"}, {"contained_permission_ids", {"team_member"}}}), 400,
                     "CONTAINED_PERMISSION_NOT_FOUND");
    ExpectKnownError(Define({{"id", "team_member"}}), 400, "PERMISSION_ID_ALREADY_EXISTS");
    const auto patched = SendJson(*server_, "PATCH", std::string(kDefinitions) + "/write_docs",
                                  {{"contained_permission_ids", json::array()}}, TestServer::AdminHeaders());
    EXPECT_EQ(patched.Json(), json({{"id", "write_docs"}, {"contained_permission_ids", json::array()}}));
    ExpectKnownError(Delete(*server_, std::string(kDefinitions) + "/team_member", TestServer::AdminHeaders()), 404,
                     "PERMISSION_NOT_FOUND");
    EXPECT_EQ(Delete(*server_, std::string(kDefinitions) + "/write_docs", TestServer::AdminHeaders()).status, 200);
    ExpectKnownError(server_->Get(kDefinitions, TestServer::ServerHeaders()), 401, "INSUFFICIENT_ACCESS_TYPE");
}

TEST_F(ProjectPermissionsTest, GrantListRevoke) {
    ASSERT_EQ(Define({{"id", "viewer_p"}}).status, 201);
    ASSERT_EQ(Define({{"id", "editor_p"}, {"contained_permission_ids", {"viewer_p"}}}).status, 201);
    const auto user = MakeUser(*server_);
    const auto granted = server_->Post(Path(user.id, "editor_p"), "{}", TestServer::ServerHeaders());
    ASSERT_EQ(granted.status, 201) << granted.body;
    EXPECT_EQ(granted.Json(), json({{"id", "editor_p"}, {"user_id", user.id}}));
    EXPECT_EQ(ItemIds(server_->Get("/api/v1/project-permissions?user_id=me", user.client())),
              std::vector<std::string>{"editor_p"});
    EXPECT_EQ(ItemIds(server_->Get("/api/v1/project-permissions?user_id=me&recursive=true", user.client())),
              (std::vector<std::string>{"editor_p", "viewer_p"}));
    ExpectKnownError(Delete(*server_, Path(user.id, "viewer_p"), TestServer::ServerHeaders()), 404,
                     "PERMISSION_NOT_FOUND");
    EXPECT_EQ(Delete(*server_, Path(user.id, "editor_p"), TestServer::ServerHeaders()).status, 200);
    EXPECT_TRUE(ItemIds(server_->Get("/api/v1/project-permissions?user_id=" + user.id, TestServer::ServerHeaders())).empty());

    // Deleting a definition removes its grants.
    ASSERT_EQ(server_->Post(Path(user.id, "viewer_p"), "{}", TestServer::ServerHeaders()).status, 201);
    ASSERT_EQ(Delete(*server_, std::string(kDefinitions) + "/viewer_p", TestServer::AdminHeaders()).status, 200);
    ASSERT_EQ(Define({{"id", "viewer_p"}}).status, 201);
    EXPECT_TRUE(ItemIds(server_->Get("/api/v1/project-permissions?user_id=" + user.id, TestServer::ServerHeaders())).empty());
}

TEST_F(ProjectPermissionsTest, GrantErrorsAndClientRules) {
    ASSERT_EQ(Define({{"id", "errs_p"}}).status, 201);
    const auto user = MakeUser(*server_);
    ExpectKnownError(server_->Post(Path(kUnknownId, "errs_p"), "{}", TestServer::ServerHeaders()), 404, "USER_NOT_FOUND");
    ExpectKnownError(server_->Post(Path(user.id, "nope"), "{}", TestServer::ServerHeaders()), 404,
                     "PERMISSION_NOT_FOUND");
    ExpectKnownError(server_->Post(Path(user.id, "$read_members"), "{}", TestServer::ServerHeaders()), 404,
                     "PERMISSION_NOT_FOUND");
    const auto scope = ExpectKnownError(server_->Post(Path(user.id, "team_member"), "{}", TestServer::ServerHeaders()),
                                        404, "WRONG_PERMISSION_SCOPE");
    EXPECT_EQ(scope["details"],
              json({{"permission_id", "team_member"}, {"expected_scope", "project"}, {"actual_scope", "team"}}));
    ExpectKnownError(Delete(*server_, Path(kUnknownId, "errs_p"), TestServer::ServerHeaders()), 404, "USER_NOT_FOUND");
    ExpectKnownError(server_->Post(Path("me", "errs_p"), "{}", user.client()), 401, "INSUFFICIENT_ACCESS_TYPE");
    ExpectTextError(server_->Get("/api/v1/project-permissions", user.client()), 403,
                    "Client can only list permissions for their own user. user_id must be either \"me\" or the ID of "
                    "the current user");
}

TEST_F(ProjectPermissionsTest, SignUpDefaultsAreGrantedToNewUsers) {
    ASSERT_EQ(Define({{"id", "starter"}}).status, 201);
    OverrideInternalConfig(*server_, {{"teams.allowClientTeamCreation", true},
                                      {"rbac.defaultPermissions.signUp", {{"starter", true}, {"deleted_id", true}}}});
    const auto user = MakeUser(*server_);
    // Ids without a definition are skipped.
    EXPECT_EQ(ItemIds(server_->Get("/api/v1/project-permissions?user_id=" + user.id, TestServer::ServerHeaders())),
              std::vector<std::string>{"starter"});
}

}  // namespace
}  // namespace stackd::testing
