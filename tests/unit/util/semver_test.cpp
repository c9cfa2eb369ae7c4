#include "util/semver.hpp"

#include <gtest/gtest.h>

namespace stackd::util {
namespace {

int Compare(const char* a, const char* b) { return CompareSemVer(*ParseSemVer(a), *ParseSemVer(b)); }

TEST(SemVerTest, ParsesStrictVersionsAsNpmSemverDoes) {
    const auto version = ParseSemVer(" v2.8.86-beta.1+build.007 ");
    ASSERT_TRUE(version);
    EXPECT_EQ(version->major, 2u);
    EXPECT_EQ(version->minor, 8u);
    EXPECT_EQ(version->patch, 86u);
    EXPECT_EQ(version->prerelease, (std::vector<std::string>{"beta", "1"}));
    for (const char* invalid : {"", "2.8", "2.8.86.1", "02.8.86", "2.8.x", "=2.8.86", "2.8.86-01", "2.8.86-",
                                "2.8.86+", "2.8.86-a..b", "V2.8.86", "not a version"}) {
        EXPECT_FALSE(ParseSemVer(invalid)) << invalid;
    }
    EXPECT_TRUE(ParseSemVer("0.0.0-0a"));
}

TEST(SemVerTest, OrdersByPrecedence) {
    EXPECT_LT(Compare("2.8.56", "2.8.57"), 0);
    EXPECT_GT(Compare("2.10.0", "2.9.99"), 0);
    EXPECT_LT(Compare("2.8.86-alpha", "2.8.86"), 0);
    EXPECT_LT(Compare("1.0.0-alpha", "1.0.0-alpha.1"), 0);
    EXPECT_LT(Compare("1.0.0-alpha.1", "1.0.0-alpha.beta"), 0);
    EXPECT_LT(Compare("1.0.0-beta.2", "1.0.0-beta.11"), 0);
    EXPECT_LT(Compare("1.0.0-rc.1", "1.0.0"), 0);
    EXPECT_EQ(Compare("2.8.86+a", "2.8.86+b"), 0);
}

}  // namespace
}  // namespace stackd::util
