#include "storage/generation_cache.hpp"

#include <gtest/gtest.h>

namespace stackd::storage {
namespace {

std::shared_ptr<const std::string> Value(const std::string& text) { return std::make_shared<const std::string>(text); }

TEST(GenerationCacheTest, HitsOnlyAtTheGenerationTheValueWasReadAt) {
    GenerationCache<std::string> cache;
    cache.Insert("user", 7, Value("alice"));
    ASSERT_NE(cache.Find("user", 7), nullptr);
    EXPECT_EQ(*cache.Find("user", 7), "alice");
    // A write has ended since: the value may be stale, so it is a miss.
    EXPECT_EQ(cache.Find("user", 8), nullptr);
    EXPECT_EQ(cache.Find("other", 7), nullptr);
}

TEST(GenerationCacheTest, AValueReadBeforeANewerWriteIsNeverStored) {
    GenerationCache<std::string> cache;
    cache.Insert("user", 9, Value("fresh"));
    // A slow reader took generation 8 before the write that made it 9: its value is older
    // than what the cache already knows and must not replace it or be served.
    cache.Insert("user", 8, Value("stale"));
    EXPECT_EQ(*cache.Find("user", 9), "fresh");
    EXPECT_EQ(cache.Find("user", 8), nullptr);
}

TEST(GenerationCacheTest, ANewerGenerationDropsEverythingOlder) {
    GenerationCache<std::string> cache(16);  // one entry per shard
    for (int index = 0; index < 64; ++index) {
        cache.Insert("key" + std::to_string(index), 1, Value("v"));
    }
    cache.Insert("late", 2, Value("w"));
    for (int index = 0; index < 64; ++index) {
        EXPECT_EQ(cache.Find("key" + std::to_string(index), 2), nullptr);
    }
    EXPECT_EQ(*cache.Find("late", 2), "w");
}

}  // namespace
}  // namespace stackd::storage
