#include "crypto/password.hpp"

#include <gtest/gtest.h>

#include "token_vectors.hpp"

namespace stackd::crypto {
namespace {

using testing::HexToBytes;
using testing::TokenVectors;

TEST(PasswordTest, EveryUpstreamHashVerifiesAndWrongPasswordsDoNot) {
    const auto& cases = TokenVectors().at("bcrypt").at("cases");
    ASSERT_EQ(cases.size(), 4u);
    int hashes = 0;
    for (const auto& vector : cases) {
        const std::string password = vector.at("password");
        ASSERT_EQ(password, HexToBytes(vector.at("password_utf8_hex").get<std::string>()));
        for (const auto& entry : vector.at("hashes")) {
            const std::string hash = entry.at("hash");
            SCOPED_TRACE(hash);
            ++hashes;
            EXPECT_TRUE(IsPasswordHashValid(hash));
            EXPECT_TRUE(VerifyPassword(password, hash));
            EXPECT_FALSE(VerifyPassword(password + "x", hash));
            EXPECT_FALSE(VerifyPassword(password.substr(0, password.size() - 1), hash));
            EXPECT_FALSE(VerifyPassword("", hash));
        }
    }
    EXPECT_EQ(hashes, 12);
}

TEST(PasswordTest, InvalidHashesAreRejectedLikeUpstream) {
    const auto& negatives = TokenVectors().at("bcrypt").at("negatives");
    for (const char* name : {"cost_17", "prefix_2x", "truncated"}) {
        const std::string hash = negatives.at(name).at("hash");
        EXPECT_FALSE(IsPasswordHashValid(hash)) << name;
        EXPECT_FALSE(VerifyPassword("password123", hash)) << name;
    }
    const auto& cost_04 = negatives.at("cost_04_valid");
    EXPECT_TRUE(IsPasswordHashValid(cost_04.at("hash").get<std::string>()));
    EXPECT_TRUE(VerifyPassword("password123", cost_04.at("hash").get<std::string>()));
    EXPECT_FALSE(IsPasswordHashValid(""));
    EXPECT_FALSE(IsPasswordHashValid("$2b$10$" + std::string(53, '!')));  // right shape, not bcrypt base64
    EXPECT_FALSE(VerifyPassword("password123", "password123"));
}

TEST(PasswordTest, OnlyTheFirst72BytesCount) {
    const auto& vector =
        TokenVectors().at("bcrypt").at("negatives").at("password_over_72_bytes_hashed_directly_with_bcryptjs");
    const std::string password = vector.at("password");
    const std::string hash = vector.at("hash");
    ASSERT_EQ(password.size(), 100u);
    EXPECT_TRUE(VerifyPassword(password, hash));
    EXPECT_TRUE(VerifyPassword(password.substr(0, 72), hash));
    EXPECT_FALSE(VerifyPassword(password.substr(0, 71), hash));
}

TEST(PasswordTest, HashPasswordWritesCost10B2bAndRefusesWhatUpstreamRefuses) {
    const std::string password = "p\xc3\xa4ssw\xc3\xb6rd";
    const auto hash = HashPassword(password);
    ASSERT_TRUE(hash);
    EXPECT_EQ(hash->substr(0, 7), "$2b$10$");
    EXPECT_EQ(hash->size(), 60u);
    EXPECT_TRUE(IsPasswordHashValid(*hash));
    EXPECT_TRUE(VerifyPassword(password, *hash));
    EXPECT_FALSE(VerifyPassword("password", *hash));
    EXPECT_NE(*HashPassword(password), *hash);  // fresh salt each time

    const auto& negatives = TokenVectors().at("bcrypt").at("negatives");
    EXPECT_FALSE(HashPassword(negatives.at("hashPassword_72_byte_password").at("password").get<std::string>()));
    EXPECT_FALSE(
        HashPassword(negatives.at("hashPassword_72_byte_multibyte_password").at("password").get<std::string>()));
    EXPECT_TRUE(HashPassword(std::string(71, 'a')));
    EXPECT_FALSE(HashPassword(std::string("a\0b", 3)));
    EXPECT_FALSE(
        VerifyPassword(std::string("password123\0x", 13), negatives.at("cost_04_valid").at("hash").get<std::string>()));
}

}  // namespace
}  // namespace stackd::crypto
