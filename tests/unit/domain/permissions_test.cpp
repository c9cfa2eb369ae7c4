#include "domain/permissions.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "errors/known_error.hpp"

namespace stackd::domain::permissions {
namespace {

using nlohmann::json;

std::vector<std::string> Sorted(std::vector<std::string> ids) {
    std::sort(ids.begin(), ids.end(), StringLess);
    return ids;
}

const json kConfig = {{"rbac",
                       {{"permissions",
                         {{"admin", {{"scope", "team"}, {"containedPermissionIds", {{"editor", true}, {"$delete_team", true}}}}},
                          {"editor", {{"scope", "team"}, {"description", "Edits"}, {"containedPermissionIds", {{"viewer", true}}}}},
                          {"viewer", {{"scope", "team"}, {"containedPermissionIds", json::object()}}},
                          {"billing", {{"scope", "project"}, {"containedPermissionIds", json::object()}}}}}}}};

TEST(PermissionsTest, StringCompareIsCaseInsensitiveWithReverseTieBreak) {
    EXPECT_LT(StringCompare("$z", "a"), 0);
    EXPECT_LT(StringCompare("a", "B"), 0);
    EXPECT_LT(StringCompare("b", "B"), 0);  // tie on upper case: reverse ordinal order
    EXPECT_EQ(StringCompare("x", "x"), 0);
}

TEST(PermissionsTest, ListDefinitionsAddsSystemPermissionsToTheTeamScopeOnly) {
    const auto team = ListDefinitions(kConfig, Scope::kTeam);
    ASSERT_EQ(team.size(), 9u);
    EXPECT_EQ(team[0].id, "$delete_team");
    EXPECT_EQ(team[0].description, "Delete the team");
    EXPECT_EQ(team[6].id, "admin");
    EXPECT_EQ(team[6].contained_permission_ids, (std::vector<std::string>{"$delete_team", "editor"}));
    EXPECT_FALSE(team[6].description.has_value());
    const auto project = ListDefinitions(kConfig, Scope::kProject);
    ASSERT_EQ(project.size(), 1u);
    EXPECT_EQ(project[0].id, "billing");
}

TEST(PermissionsTest, ExpandFollowsContainmentOnlyWhenRecursive) {
    const auto definitions = ListDefinitions(kConfig, Scope::kTeam);
    EXPECT_EQ(Sorted(Expand({"admin"}, definitions, true)),
              (std::vector<std::string>{"$delete_team", "admin", "editor", "viewer"}));
    EXPECT_EQ(Expand({"admin"}, definitions, false), std::vector<std::string>{"admin"});
    // Unknown ids (deleted definitions, other scopes) are skipped.
    EXPECT_TRUE(Expand({"ghost", "billing"}, definitions, true).empty());
}

TEST(PermissionsTest, ExpandSurvivesCycles) {
    const json cyclic = {{"rbac",
                          {{"permissions",
                            {{"a", {{"scope", "team"}, {"containedPermissionIds", {{"b", true}}}}},
                             {"b", {{"scope", "team"}, {"containedPermissionIds", {{"a", true}}}}}}}}}};
    EXPECT_EQ(Sorted(Expand({"a"}, ListDefinitions(cyclic, Scope::kTeam), true)), (std::vector<std::string>{"a", "b"}));
}

TEST(PermissionsTest, IdRules) {
    EXPECT_FALSE(GenericIdProblem("team_admin").has_value());
    EXPECT_FALSE(GenericIdProblem("$read_members").has_value());
    EXPECT_EQ(GenericIdProblem("$nope"), "Invalid system permission");
    EXPECT_TRUE(GenericIdProblem("Caps").has_value());
    EXPECT_TRUE(GenericIdProblem("").has_value());
    EXPECT_TRUE(CustomIdProblem("$read_members").has_value());
    EXPECT_FALSE(CustomIdProblem("a:b_1").has_value());
}

TEST(PermissionsTest, CreateChecksDuplicatesAndContainedIds) {
    const json permissions = kConfig["rbac"]["permissions"];
    const json created = WithCreated(permissions, Scope::kTeam, {"new_one", "", std::vector<std::string>{"viewer"}});
    EXPECT_EQ(created["new_one"], json({{"scope", "team"}, {"containedPermissionIds", {{"viewer", true}}}}));
    EXPECT_THROW(WithCreated(permissions, Scope::kTeam, {"billing", std::nullopt, std::nullopt}), errors::KnownError);
    EXPECT_THROW(WithCreated(permissions, Scope::kProject, {"x", std::nullopt, std::vector<std::string>{"viewer"}}),
                 errors::KnownError);
    EXPECT_THROW(WithCreated(permissions, Scope::kProject,
                             {"x", std::nullopt, std::vector<std::string>{"$read_members"}}),
                 errors::KnownError);
}

TEST(PermissionsTest, RenameFollowsIntoContainersAndDeleteRemovesFromThem) {
    const json permissions = kConfig["rbac"]["permissions"];
    const json renamed = WithUpdated(permissions, Scope::kTeam, "editor", {"writer", std::nullopt, std::nullopt});
    EXPECT_FALSE(renamed.contains("editor"));
    EXPECT_EQ(renamed["writer"], json({{"scope", "team"}, {"containedPermissionIds", json::object()}}));
    EXPECT_TRUE(renamed["admin"]["containedPermissionIds"].contains("writer"));
    EXPECT_FALSE(renamed["admin"]["containedPermissionIds"].contains("editor"));
    EXPECT_THROW(WithUpdated(permissions, Scope::kTeam, "editor", {"viewer", std::nullopt, std::nullopt}),
                 errors::KnownError);
    const json deleted = WithDeleted(permissions, Scope::kTeam, "viewer");
    EXPECT_FALSE(deleted.contains("viewer"));
    EXPECT_EQ(deleted["editor"]["containedPermissionIds"], json::object());
    EXPECT_THROW(WithDeleted(permissions, Scope::kTeam, "billing"), errors::KnownError);
}

}  // namespace
}  // namespace stackd::domain::permissions
