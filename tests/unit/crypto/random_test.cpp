#include "crypto/random.hpp"

#include <gtest/gtest.h>

#include <set>

#include "crypto/hash.hpp"
#include "token_vectors.hpp"

namespace stackd::crypto {
namespace {

using testing::HexToBytes;
using testing::TokenVectors;

constexpr std::string_view kAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";

TEST(RandomTest, CrockfordStringsUseUpstreamsAlphabet) {
    const std::string text = RandomCrockfordString(1000);
    EXPECT_EQ(text.size(), 1000u);
    EXPECT_EQ(text.find_first_not_of(kAlphabet), std::string::npos);
    EXPECT_NE(RandomCrockfordString(16), RandomCrockfordString(16));
}

TEST(RandomTest, EncodeBase32MatchesUpstreamsUnitTests) {
    EXPECT_EQ(EncodeCrockfordBase32(""), "");
    EXPECT_EQ(EncodeCrockfordBase32(std::string(1, '\x01')), "04");
    EXPECT_EQ(EncodeCrockfordBase32("\x0f"), "1W");
    EXPECT_EQ(EncodeCrockfordBase32("\x10"), "20");
    EXPECT_EQ(EncodeCrockfordBase32("\xff"), "ZW");
    EXPECT_EQ(EncodeCrockfordBase32("\xff\xff"), "ZZZG");
}

TEST(RandomTest, SecureRandomStringMatchesEveryDeterministicVector) {
    const auto& cases = TokenVectors().at("secure_random_string").at("deterministic");
    ASSERT_EQ(cases.size(), 6u);
    for (const auto& vector : cases) {
        const std::string bytes = HexToBytes(vector.at("random_bytes_hex").get<std::string>());
        const size_t length = vector.at("output_length");
        EXPECT_EQ(EncodeCrockfordBase32(bytes), vector.at("full_base32_of_bytes")) << vector.dump();
        EXPECT_EQ(CrockfordStringFromBytes(bytes, length), vector.at("output")) << vector.dump();
        // The byte count RandomCrockfordString draws for that length is the vector's.
        EXPECT_EQ((length * 5 + 7) / 8, bytes.size());
    }
}

TEST(RandomTest, GeneratedStringsHaveUpstreamsLengthsAndLastCharacter) {
    const auto& examples = TokenVectors().at("secure_random_string").at("random_examples");
    EXPECT_EQ(GenerateSecureRandomString().size(), examples.at("default_224")[0].get<std::string>().size());
    EXPECT_EQ(GenerateSecureRandomString(80).size(), examples.at("bits_80")[0].get<std::string>().size());
    EXPECT_EQ(RandomCrockfordString(16).size(), 16u);
    EXPECT_EQ(GenerateSecureRandomString(1).size(), 1u);
    EXPECT_EQ(GenerateSecureRandomString(0), "");

    const std::string allowed_last =
        TokenVectors().at("secure_random_string").at("empirical_20000_default_samples").at("last_characters_seen");
    EXPECT_EQ(allowed_last, "08gr");
    std::set<char> last_seen;
    std::set<char> first_seen;
    for (int index = 0; index < 4000; ++index) {
        const std::string value = GenerateSecureRandomString();
        ASSERT_EQ(value.size(), 45u);
        ASSERT_EQ(value.find_first_not_of(kAlphabet), std::string::npos) << value;
        last_seen.insert(value.back());
        first_seen.insert(value.front());
    }
    EXPECT_EQ(std::string(last_seen.begin(), last_seen.end()), allowed_last);
    EXPECT_EQ(first_seen.size(), 32u);
}

TEST(RandomTest, UuidsAreVersionFour) {
    std::set<std::string> seen;
    for (int index = 0; index < 100; ++index) {
        const std::string uuid = RandomUuidV4();
        EXPECT_TRUE(IsUuid(uuid)) << uuid;
        EXPECT_EQ(uuid[14], '4');
        EXPECT_NE(std::string("89ab").find(uuid[19]), std::string::npos);
        seen.insert(uuid);
    }
    EXPECT_EQ(seen.size(), 100u);
    EXPECT_FALSE(IsUuid("not-a-uuid"));
}

TEST(RandomTest, UuidV7CarriesTheTimeFirstSoIdsSortByTime) {
    // RFC 9562's example timestamp: 2022-02-22T19:22:22Z.
    const std::string uuid = RandomUuidV7(0x017F22E279B0);
    EXPECT_TRUE(IsUuid(uuid)) << uuid;
    EXPECT_EQ(uuid.substr(0, 13), "017f22e2-79b0");
    EXPECT_EQ(uuid[14], '7');
    EXPECT_NE(std::string("89ab").find(uuid[19]), std::string::npos);
    EXPECT_NE(RandomUuidV7(0x017F22E279B0), uuid);  // the tail is random
    EXPECT_LT(RandomUuidV7(1700000000000), RandomUuidV7(1700000000001));
}

TEST(RandomTest, ManySmallDrawsAreDistinct) {
    // Request ids and tokens come from a per-thread buffer of CSPRNG output: consecutive
    // draws must never repeat bytes, across refills of the buffer too.
    std::set<std::string> seen;
    for (int index = 0; index < 2000; ++index) {
        seen.insert(RandomBytes(16));
    }
    EXPECT_EQ(seen.size(), 2000u);
}

TEST(HashTest, Sha256MatchesTheKnownVector) {
    EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(Sha256("abc"), HexToBytes("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
}

TEST(HashTest, ConstantTimeEqualsComparesWholeStrings) {
    EXPECT_TRUE(ConstantTimeEquals("secret", "secret"));
    EXPECT_FALSE(ConstantTimeEquals("secret", "secreT"));
    EXPECT_FALSE(ConstantTimeEquals("secret", "secret2"));
}

}  // namespace
}  // namespace stackd::crypto
