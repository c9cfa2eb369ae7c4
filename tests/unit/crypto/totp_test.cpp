// HOTP/TOTP against the published vectors: RFC 4226 Appendix D (HOTP, 6 digits) and the
// SHA-1 rows of RFC 6238 Appendix B (TOTP, 8 digits, 30-second steps).
#include <gtest/gtest.h>

#include "crypto/totp.hpp"

namespace stackd::crypto {
namespace {

// Both RFCs use the ASCII string "12345678901234567890" as the SHA-1 key.
const std::string kRfcKey = "12345678901234567890";

TEST(HotpTest, MatchesRfc4226Vectors) {
    const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                              "254676", "287922", "162583", "399871", "520489"};
    for (uint64_t counter = 0; counter < 10; ++counter) {
        EXPECT_EQ(Hotp(kRfcKey, counter, 6), expected[counter]) << "counter " << counter;
    }
}

TEST(HotpTest, RefusesDigitCountsOutsideSixToEight) {
    EXPECT_THROW(Hotp(kRfcKey, 0, 5), std::invalid_argument);
    EXPECT_THROW(Hotp(kRfcKey, 0, 9), std::invalid_argument);
}

struct RfcVector {
    int64_t unix_seconds;
    const char* code;
};

TEST(TotpTest, MatchesRfc6238Sha1Vectors) {
    const RfcVector vectors[] = {{59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
                                 {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"}};
    for (const auto& vector : vectors) {
        EXPECT_EQ(Totp(kRfcKey, vector.unix_seconds * 1000, 30, 8), vector.code) << vector.unix_seconds;
        // Six digits (upstream's setting) are the last six of the eight: same truncation, smaller modulus.
        EXPECT_EQ(Totp(kRfcKey, vector.unix_seconds * 1000), std::string(vector.code).substr(2))
            << vector.unix_seconds;
    }
}

TEST(TotpTest, KeepsLeadingZeros) {
    // RFC 6238's 1111111109 row is "07081804": its six-digit form starts with 0 as well.
    EXPECT_EQ(Totp(kRfcKey, 1111111109LL * 1000, 30, 8), "07081804");
    EXPECT_EQ(Hotp(kRfcKey, 0, 8).size(), 8u);
}

TEST(VerifyTotpTest, AcceptsOnlyTheCurrentStep) {
    const int64_t step_start_ms = 1234567890LL / 30 * 30 * 1000;
    const std::string code = Totp(kRfcKey, step_start_ms);
    EXPECT_EQ(code, "005924");
    EXPECT_TRUE(VerifyTotp(kRfcKey, code, step_start_ms));
    EXPECT_TRUE(VerifyTotp(kRfcKey, code, step_start_ms + 29999));
    // No grace window, as upstream's verifyTOTP: one millisecond either side is another step.
    EXPECT_FALSE(VerifyTotp(kRfcKey, code, step_start_ms - 1));
    EXPECT_FALSE(VerifyTotp(kRfcKey, code, step_start_ms + 30000));
}

TEST(VerifyTotpTest, RefusesMalformedCodes) {
    const int64_t now_ms = 59 * 1000;
    EXPECT_TRUE(VerifyTotp(kRfcKey, "287082", now_ms));
    EXPECT_FALSE(VerifyTotp(kRfcKey, "94287082", now_ms));  // the 8-digit form
    EXPECT_FALSE(VerifyTotp(kRfcKey, "28708", now_ms));
    EXPECT_FALSE(VerifyTotp(kRfcKey, "287082 ", now_ms));
    EXPECT_FALSE(VerifyTotp(kRfcKey, "", now_ms));
    EXPECT_FALSE(VerifyTotp(kRfcKey, "never-valid-totp", now_ms));
    EXPECT_FALSE(VerifyTotp("another key", "287082", now_ms));
}

TEST(VerifyTotpTest, AnEmptyKeyStillWorks) {
    // Upstream accepts an empty base64 secret; HMAC with an empty key is well defined.
    const std::string code = Totp("", 0);
    EXPECT_EQ(code.size(), 6u);
    EXPECT_TRUE(VerifyTotp("", code, 0));
}

}  // namespace
}  // namespace stackd::crypto
