#include "domain/sign_up_country.hpp"

#include <gtest/gtest.h>

namespace stackd::domain {
namespace {

TEST(SignUpCountryTest, CodesAreTrimmedUpperCasedAndTwoLetters) {
    EXPECT_EQ(NormalizedCountryCode(" us "), "US");
    EXPECT_EQ(NormalizedCountryCode("de"), "DE");
    EXPECT_EQ(NormalizedCountryCode("ZZ"), "ZZ");
    EXPECT_EQ(NormalizedCountryCode("usa"), std::nullopt);
    EXPECT_EQ(NormalizedCountryCode("1a"), std::nullopt);
    EXPECT_EQ(NormalizedCountryCode(""), std::nullopt);
}

TEST(SignUpCountryTest, AnExampleComTagWinsOnlyWhenAllowed) {
    EXPECT_EQ(SignUpCountryCode(std::nullopt, "test+us@example.com", true), "US");
    EXPECT_EQ(SignUpCountryCode("de", "test+US@EXAMPLE.com", true), "US");
    EXPECT_EQ(SignUpCountryCode("de", "test+us@example.com", false), "DE");
    EXPECT_EQ(SignUpCountryCode("de", "test+invalid@example.com", true), "DE");
    EXPECT_EQ(SignUpCountryCode(std::nullopt, "test+us@other.com", true), std::nullopt);
    EXPECT_EQ(SignUpCountryCode("de", "test@example.com", true), "DE");
    EXPECT_EQ(SignUpCountryCode("usa", std::nullopt, true), std::nullopt);
    EXPECT_EQ(SignUpCountryCode(std::nullopt, std::nullopt, true), std::nullopt);
}

}  // namespace
}  // namespace stackd::domain
