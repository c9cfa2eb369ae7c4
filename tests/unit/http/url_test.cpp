#include "http/url.hpp"

#include <gtest/gtest.h>

namespace stackd::http {
namespace {

TEST(UrlTest, ParsesQueryWithLastDuplicateWinning) {
    const auto query = ParseQuery("a=1&b=two%20words&a=3&flag&c=x+y");
    EXPECT_EQ(query.at("a"), "3");
    EXPECT_EQ(query.at("b"), "two words");
    EXPECT_EQ(query.at("flag"), "");
    EXPECT_EQ(query.at("c"), "x y");
}

TEST(UrlTest, PercentDecodeKeepsPlusInPaths) {
    EXPECT_EQ(PercentDecode("a+b%2Fc", false), "a+b/c");
    EXPECT_EQ(PercentDecode("a+b", true), "a b");
}

}  // namespace
}  // namespace stackd::http
