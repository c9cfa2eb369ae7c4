#include "api/rate_limits.hpp"

#include <gtest/gtest.h>

namespace stackd::api {
namespace {

const RateLimits::Rule* Find(const RateLimits& limits, const std::string& name) {
    for (const auto& rule : limits.rules()) {
        if (rule.name == name) {
            return &rule;
        }
    }
    return nullptr;
}

TEST(RateLimitsTest, OffMeansNoLimiter) {
    util::SystemClock clock;
    EXPECT_EQ(RateLimits::FromSpec("off", clock, ""), nullptr);
}

TEST(RateLimitsTest, DefaultsCoverPasswordAndCodeFlows) {
    util::SystemClock clock;
    const auto limits = RateLimits::FromSpec("", clock, "");
    ASSERT_NE(limits, nullptr);
    EXPECT_EQ(limits->RulesFor("POST", "/api/v1/auth/password/sign-in").size(), 2u);
    EXPECT_EQ(limits->RulesFor("POST", "/api/v1/auth/otp/send-sign-in-code").size(), 2u);
    EXPECT_EQ(limits->RulesFor("POST", "/api/v1/auth/otp/sign-in").size(), 2u);
    EXPECT_TRUE(limits->RulesFor("GET", "/api/v1/users/me").empty());
    EXPECT_TRUE(limits->RulesFor("GET", "/api/v1/auth/password/sign-in").empty());
    const auto* rule = Find(*limits, "password-sign-in");
    ASSERT_NE(rule, nullptr);
    EXPECT_EQ(rule->limit.capacity, 10);
    EXPECT_EQ(rule->limit.window_ms, 60'000);
}

TEST(RateLimitsTest, OverridesAndDisablesSingleRules) {
    util::SystemClock clock;
    const auto limits = RateLimits::FromSpec(" password-sign-in=3/30 , sign-up-ip=off", clock, "");
    ASSERT_NE(limits, nullptr);
    const auto* rule = Find(*limits, "password-sign-in");
    ASSERT_NE(rule, nullptr);
    EXPECT_EQ(rule->limit.capacity, 3);
    EXPECT_EQ(rule->limit.window_ms, 30'000);
    EXPECT_EQ(Find(*limits, "sign-up-ip"), nullptr);
    EXPECT_TRUE(limits->RulesFor("POST", "/api/v1/auth/password/sign-up").empty());
}

TEST(RateLimitsTest, RejectsMalformedSpecs) {
    util::SystemClock clock;
    for (const std::string spec : {"nonsense=1/1", "password-sign-in", "password-sign-in=3", "password-sign-in=0/60",
                                   "password-sign-in=a/60", "password-sign-in=3/-1"}) {
        EXPECT_THROW(RateLimits::FromSpec(spec, clock, ""), std::invalid_argument) << spec;
    }
}

}  // namespace
}  // namespace stackd::api
