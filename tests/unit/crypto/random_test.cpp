#include "crypto/random.hpp"

#include <set>

#include <gtest/gtest.h>

#include "crypto/hash.hpp"

namespace stackd::crypto {
namespace {

TEST(RandomTest, CrockfordStringsUseUpstreamsAlphabet) {
    const std::string text = RandomCrockfordString(1000);
    EXPECT_EQ(text.size(), 1000u);
    EXPECT_EQ(text.find_first_not_of("0123456789abcdefghjkmnpqrstvwxyz"), std::string::npos);
    EXPECT_NE(RandomCrockfordString(16), RandomCrockfordString(16));
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

TEST(HashTest, Sha256MatchesTheKnownVector) {
    EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(HashTest, ConstantTimeEqualsComparesWholeStrings) {
    EXPECT_TRUE(ConstantTimeEquals("secret", "secret"));
    EXPECT_FALSE(ConstantTimeEquals("secret", "secreT"));
    EXPECT_FALSE(ConstantTimeEquals("secret", "secret2"));
}

}  // namespace
}  // namespace stackd::crypto
