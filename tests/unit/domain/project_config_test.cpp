#include "domain/project_config.hpp"

#include <gtest/gtest.h>

namespace stackd::domain::project_config {
namespace {

using nlohmann::json;

TEST(ProjectConfigTest, OverrideReplacesTheKeyAndEverythingBelowIt) {
    const json base = {{"auth.password.allowSignIn", true}, {"auth.allowSignUp", false}, {"teams.x", 1}};
    const json result = ApplyOverride(base, {{"auth", {{"allowSignUp", true}}}});
    EXPECT_FALSE(result.contains("auth.password.allowSignIn"));
    EXPECT_FALSE(result.contains("auth.allowSignUp"));
    EXPECT_EQ(result["auth"], json({{"allowSignUp", true}}));
    EXPECT_EQ(result["teams.x"], 1);
}

TEST(ProjectConfigTest, NormalizeResolvesDotsShallowFirstAndNullDeletes) {
    const json normalized = Normalize({{"a.b", 2}, {"a", {{"c", 1}}}, {"a.c", nullptr}, {"x.y", 1}});
    EXPECT_EQ(normalized["a"], json({{"b", 2}}));
    EXPECT_FALSE(normalized.contains("x")) << "a dot path through a missing parent is dropped";
}

TEST(ProjectConfigTest, RenderAppliesDefaultsUnderOverrides) {
    const json rendered = Render(json::object(), {{"auth.password.allowSignIn", true}},
                                 {{"auth.oauth.providers.github", {{"type", "github"}}}, {"auth.oauth.providers.bad", json::object()}});
    EXPECT_TRUE(rendered["auth"]["password"]["allowSignIn"].get<bool>());
    EXPECT_TRUE(rendered["auth"]["allowSignUp"].get<bool>()) << "default kept";
    EXPECT_FALSE(rendered["project"]["requirePublishableClientKey"].get<bool>());
    EXPECT_EQ(rendered["auth"]["oauth"]["providers"]["github"]["isShared"], true) << "per-entry default";
    EXPECT_FALSE(rendered["auth"]["oauth"]["providers"].contains("bad")) << "providers without a type are dropped";
}

TEST(ProjectConfigTest, WholeObjectOverrideStillGetsDefaultsForMissingFields) {
    const json rendered = Render(json::object(), json::object(), {{"auth", {{"allowSignUp", false}}}});
    EXPECT_FALSE(rendered["auth"]["allowSignUp"].get<bool>());
    EXPECT_FALSE(rendered["auth"]["password"]["allowSignIn"].get<bool>());
}

TEST(ProjectConfigTest, RemoveKeysDropsKeysAtAndBelowEachKeyFlatOrNested) {
    EXPECT_EQ(RemoveKeys({{"a", 1}, {"b", 2}}, {"a"}), json({{"b", 2}}));
    EXPECT_EQ(RemoveKeys({{"a.b", 1}, {"a.b.c", 2}, {"a.d", 3}}, {"a.b"}), json({{"a.d", 3}}));
    EXPECT_EQ(RemoveKeys({{"a.b", 1}, {"a.c", 2}}, {"a"}), json::object());
    EXPECT_EQ(RemoveKeys({{"teams", {{"allowClientTeamCreation", true}, {"createPersonalTeamOnSignUp", true}}}},
                         {"teams.allowClientTeamCreation"}),
              json({{"teams", {{"createPersonalTeamOnSignUp", true}}}}));
    // An object emptied by the removal disappears with it.
    EXPECT_EQ(RemoveKeys({{"teams", {{"allowClientTeamCreation", true}}}}, {"teams.allowClientTeamCreation"}),
              json::object());
    EXPECT_EQ(RemoveKeys({{"a", {{"b", {{"c", 1}, {"d", 2}}}}}}, {"a.b.c"}), json({{"a", {{"b", {{"d", 2}}}}}}));
    EXPECT_EQ(RemoveKeys({{"teams.allowClientTeamCreation", true}, {"teams", {{"createPersonalTeamOnSignUp", true}}}},
                         {"teams.allowClientTeamCreation"}),
              json({{"teams", {{"createPersonalTeamOnSignUp", true}}}}));
    // "ab" is not below "a"; unknown keys and an empty list change nothing.
    EXPECT_EQ(RemoveKeys({{"ab", 1}, {"a", 2}}, {"a", "zzz"}), json({{"ab", 1}}));
    EXPECT_EQ(RemoveKeys({{"a", 1}}, {}), json({{"a", 1}}));
}

}  // namespace
}  // namespace stackd::domain::project_config
