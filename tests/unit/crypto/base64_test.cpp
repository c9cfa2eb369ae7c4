// Standard base64 with padding, accepting exactly what upstream's isBase64 accepts
// (the totp_secret_base64 field is validated with it).
#include <gtest/gtest.h>

#include "crypto/base64.hpp"

namespace stackd::crypto {
namespace {

TEST(Base64Test, EncodesWithPadding) {
    EXPECT_EQ(Base64Encode("Hello"), "SGVsbG8=");
    EXPECT_EQ(Base64Encode(std::string("\0\1\2\3\4", 5)), "AAECAwQ=");
    EXPECT_EQ(Base64Encode("\xff\xfe\xfd\xfc"), "//79/A==");
    EXPECT_EQ(Base64Encode(""), "");
    EXPECT_EQ(Base64Encode("12345678901234567890"), "MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=");
}

TEST(Base64Test, DecodesWhatItEncodes) {
    EXPECT_EQ(Base64Decode("SGVsbG8gV29ybGQ="), "Hello World");
    EXPECT_EQ(Base64Decode("//79/A=="), "\xff\xfe\xfd\xfc");
    EXPECT_EQ(Base64Decode("MTIzNDU2Nzg5MDEyMzQ1Njc4OTA="), "12345678901234567890");
    EXPECT_EQ(Base64Decode(""), "");
}

TEST(Base64Test, RefusesWhatUpstreamRefuses) {
    EXPECT_FALSE(Base64Decode("SGVsbG8gV29ybGQ"));    // no padding
    EXPECT_FALSE(Base64Decode("SGVsbG8gV29ybGQ=="));  // wrong padding
    EXPECT_FALSE(Base64Decode("SGVsbG8!V29ybGQ="));   // invalid character
    EXPECT_FALSE(Base64Decode("A==="));
    EXPECT_FALSE(Base64Decode("AB=C"));
    EXPECT_FALSE(Base64Decode("__79_A=="));  // URL alphabet
    EXPECT_FALSE(Base64Decode("SGVs bG8="));
}

}  // namespace
}  // namespace stackd::crypto
