#include "util/token_buckets.hpp"

#include <gtest/gtest.h>

namespace stackd::util {
namespace {

constexpr TokenBuckets::Limit kThreePerMinute{3, 60'000};

TEST(TokenBucketsTest, AllowsTheCapacityThenAsksToWait) {
    TokenBuckets buckets;
    for (int i = 0; i < 3; ++i) {
        EXPECT_FALSE(buckets.Take("a", kThreePerMinute, 1'000)) << i;
    }
    const auto wait = buckets.Take("a", kThreePerMinute, 1'000);
    ASSERT_TRUE(wait);
    // One token refills every 20 s.
    EXPECT_GT(*wait, 19'000);
    EXPECT_LE(*wait, 20'001);
}

TEST(TokenBucketsTest, KeysHaveSeparateBudgets) {
    TokenBuckets buckets;
    for (int i = 0; i < 3; ++i) {
        buckets.Take("a", kThreePerMinute, 0);
    }
    EXPECT_TRUE(buckets.Take("a", kThreePerMinute, 0));
    EXPECT_FALSE(buckets.Take("b", kThreePerMinute, 0));
}

TEST(TokenBucketsTest, RefillsContinuouslyUpToTheCapacity) {
    TokenBuckets buckets;
    for (int i = 0; i < 3; ++i) {
        buckets.Take("a", kThreePerMinute, 0);
    }
    EXPECT_TRUE(buckets.Take("a", kThreePerMinute, 19'000));
    EXPECT_FALSE(buckets.Take("a", kThreePerMinute, 20'001));
    EXPECT_TRUE(buckets.Take("a", kThreePerMinute, 20'002));
    // A long idle period refills to the capacity, not beyond it.
    for (int i = 0; i < 3; ++i) {
        EXPECT_FALSE(buckets.Take("a", kThreePerMinute, 10'000'000)) << i;
    }
    EXPECT_TRUE(buckets.Take("a", kThreePerMinute, 10'000'000));
}

TEST(TokenBucketsTest, RefusedAttemptsDoNotExtendTheWait) {
    TokenBuckets buckets;
    for (int i = 0; i < 3; ++i) {
        buckets.Take("a", kThreePerMinute, 0);
    }
    for (int i = 0; i < 100; ++i) {
        buckets.Take("a", kThreePerMinute, 0);
    }
    EXPECT_FALSE(buckets.Take("a", kThreePerMinute, 20'001));
}

TEST(TokenBucketsTest, ForgetsBucketsThatHaveRefilled) {
    TokenBuckets buckets;
    for (int i = 0; i < 10'000; ++i) {
        buckets.Take("key-" + std::to_string(i), kThreePerMinute, 0);
    }
    const size_t before = buckets.Size();
    // A minute later every old bucket is full again and may be dropped by a sweep.
    for (int i = 0; i < 10'000; ++i) {
        buckets.Take("later-" + std::to_string(i), kThreePerMinute, 60'000);
    }
    EXPECT_LT(buckets.Size(), before + 10'000);
}

TEST(TokenBucketsTest, AFloodOfKeysStaysBounded) {
    TokenBuckets buckets;
    for (int i = 0; i < 300'000; ++i) {
        buckets.Take("flood-" + std::to_string(i), kThreePerMinute, 0);
    }
    EXPECT_LE(buckets.Size(), 16u * 2 * 4096);
}

}  // namespace
}  // namespace stackd::util
