#include "crypto/aes_gcm.hpp"

#include <gtest/gtest.h>

namespace stackd::crypto {
namespace {

TEST(AesGcmTest, SealsAndOpensWithTheSameKeyAndAssociatedData) {
    const std::string key = DeriveKey("root secret", "purpose");
    ASSERT_EQ(key.size(), 32u);
    for (const std::string& plaintext : {std::string(), std::string("client-encrypted value"), std::string(5000, 'x')}) {
        const std::string sealed = AesGcmSeal(key, plaintext, "row-1");
        EXPECT_EQ(sealed.size(), 12 + plaintext.size() + 16);
        EXPECT_EQ(AesGcmOpen(key, sealed, "row-1"), plaintext);
    }
    // A fresh nonce each time: equal plaintexts do not give equal ciphertexts.
    EXPECT_NE(AesGcmSeal(key, "same", ""), AesGcmSeal(key, "same", ""));
}

TEST(AesGcmTest, RejectsWrongKeyAssociatedDataAndTampering) {
    const std::string key = DeriveKey("root secret", "purpose");
    std::string sealed = AesGcmSeal(key, "secret value", "row-1");
    EXPECT_FALSE(AesGcmOpen(DeriveKey("root secret", "other purpose"), sealed, "row-1"));
    EXPECT_FALSE(AesGcmOpen(DeriveKey("other secret", "purpose"), sealed, "row-1"));
    EXPECT_FALSE(AesGcmOpen(key, sealed, "row-2"));
    EXPECT_FALSE(AesGcmOpen(key, sealed.substr(0, 20), "row-1"));
    sealed[14] ^= 1;
    EXPECT_FALSE(AesGcmOpen(key, sealed, "row-1"));
}

TEST(AesGcmTest, KeyDerivationIsHmacSha256) {
    // RFC 4231 test case 2: HMAC-SHA256(key "Jefe", "what do ya want for nothing?").
    const std::string key = DeriveKey("Jefe", "what do ya want for nothing?");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (const unsigned char byte : key) {
        hex += kHex[byte >> 4];
        hex += kHex[byte & 15];
    }
    EXPECT_EQ(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

}  // namespace
}  // namespace stackd::crypto
