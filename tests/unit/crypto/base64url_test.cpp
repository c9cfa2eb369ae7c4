#include "crypto/base64url.hpp"

#include <gtest/gtest.h>

#include "token_vectors.hpp"

namespace stackd::crypto {
namespace {

using testing::HexToBytes;
using testing::TokenVectors;

TEST(Base64UrlTest, EncodesRfc4648VectorsWithoutPadding) {
    EXPECT_EQ(Base64UrlEncode(""), "");
    EXPECT_EQ(Base64UrlEncode("f"), "Zg");
    EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
    EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
    EXPECT_EQ(Base64UrlEncode("foobar"), "Zm9vYmFy");
    EXPECT_EQ(Base64UrlEncode("\xfb\xff\xbf"), "-_-_");
}

TEST(Base64UrlTest, DecodesAndRejectsWhatIsNotUnpaddedBase64Url) {
    EXPECT_EQ(Base64UrlDecode("Zm9vYmE"), "fooba");
    EXPECT_EQ(Base64UrlDecode("-_-_"), "\xfb\xff\xbf");
    EXPECT_EQ(Base64UrlDecode(""), "");
    EXPECT_FALSE(Base64UrlDecode("Zg=="));
    EXPECT_FALSE(Base64UrlDecode("Zm9v+"));
    EXPECT_FALSE(Base64UrlDecode("Zm9/"));
    EXPECT_FALSE(Base64UrlDecode("Zm 9v"));
    EXPECT_FALSE(Base64UrlDecode("Zm9vY"));  // 4n+1 characters cannot be produced by any input
}

TEST(Base64UrlTest, IgnoresTrailingBitsLikeAtob) {
    EXPECT_EQ(Base64UrlDecode("Zh"), "f");
    EXPECT_EQ(Base64UrlDecode("Zg"), "f");
}

TEST(Base64UrlTest, RoundTripsEveryFullCoordinateInTheVectors) {
    for (const auto& vector : TokenVectors().at("jwk_derivation")) {
        for (const auto& step : vector.at("intermediates_cross_checked")) {
            const std::string x = HexToBytes(step.at("x_hex_full_32_bytes").get<std::string>());
            EXPECT_EQ(Base64UrlEncode(x), step.at("x_b64u_full_32_bytes"));
            EXPECT_EQ(Base64UrlDecode(step.at("y_b64u_full_32_bytes").get<std::string>()),
                      HexToBytes(step.at("y_hex_full_32_bytes").get<std::string>()));
        }
    }
}

}  // namespace
}  // namespace stackd::crypto
