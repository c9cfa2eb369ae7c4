#include "jobs/email_capacity.hpp"

#include <gtest/gtest.h>

namespace stackd::jobs {
namespace {

TEST(EmailCapacityTest, BurstIsTenOrAMinutesWorth) {
    const auto slow = EmailCapacity::LimitFor(200.0 / 3600.0);
    EXPECT_EQ(slow.capacity, 10);
    EXPECT_EQ(slow.window_ms, 180'000);  // 10 emails at 200 an hour
    const auto fast = EmailCapacity::LimitFor(100'000.0 / 3600.0);
    EXPECT_NEAR(fast.capacity, 100'000.0 / 60.0, 1e-6);
    EXPECT_EQ(fast.window_ms, 60'000);
}

TEST(EmailCapacityTest, ProjectsArePacedSeparatelyAtTheirRate) {
    int lookups = 0;
    EmailCapacity capacity([&](const std::string& tenancy) {
        ++lookups;
        return tenancy == "slow" ? 1.0 / 60.0 : 100.0;
    });
    for (int i = 0; i < 10; ++i) {
        EXPECT_FALSE(capacity.Take("slow", 0)) << i;
    }
    const auto wait = capacity.Take("slow", 0);
    ASSERT_TRUE(wait);
    EXPECT_NEAR(static_cast<double>(*wait), 60'000, 2);  // one email a minute
    EXPECT_FALSE(capacity.Take("fast", 0));
    // The rate is looked up once per project while it is fresh.
    EXPECT_EQ(lookups, 2);
    EXPECT_FALSE(capacity.Take("slow", 60'001));
    EXPECT_EQ(lookups, 3);
}

}  // namespace
}  // namespace stackd::jobs
