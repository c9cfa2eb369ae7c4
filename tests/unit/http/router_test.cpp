#include "http/router.hpp"

#include <gtest/gtest.h>

namespace stackd::http {
namespace {

TEST(RouterTest, MatchesLiteralAndParameterSegments) {
    Router router;
    const auto users = router.Add("GET", "/api/v1/users/{user_id}");
    const auto me = router.Add("GET", "/api/v1/users/me");
    const auto list = router.Add("GET", "/api/v1/users");

    auto match = router.Find("GET", "/api/v1/users/42");
    ASSERT_EQ(match.outcome, Router::Outcome::kMatched);
    EXPECT_EQ(match.route_index, users);
    EXPECT_EQ(match.params.at("user_id"), "42");

    match = router.Find("GET", "/api/v1/users/me");
    ASSERT_EQ(match.outcome, Router::Outcome::kMatched);
    EXPECT_EQ(match.route_index, me) << "a literal segment wins over a parameter";

    match = router.Find("GET", "/api/v1/users/");
    ASSERT_EQ(match.outcome, Router::Outcome::kMatched);
    EXPECT_EQ(match.route_index, list) << "a trailing slash is ignored";
}

TEST(RouterTest, DistinguishesUnknownPathsFromWrongMethods) {
    Router router;
    router.Add("GET", "/api/v1/projects/current");
    EXPECT_EQ(router.Find("DELETE", "/api/v1/projects/current").outcome, Router::Outcome::kMethodNotAllowed);
    EXPECT_EQ(router.Find("GET", "/api/v1/projects/other").outcome, Router::Outcome::kNotFound);
    EXPECT_EQ(router.Find("GET", "/api/v1/projects/current/extra").outcome, Router::Outcome::kNotFound);
}

TEST(RouterTest, SplitPathDropsEmptySegments) {
    EXPECT_EQ(SplitPath("//a/b//c/"), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_TRUE(SplitPath("/").empty());
}

}  // namespace
}  // namespace stackd::http
