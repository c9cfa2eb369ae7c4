#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "util/token_buckets.hpp"

namespace stackd::jobs {

// Per-project sending capacity (platform.md §2.4): each project sends at most its
// `rate_per_second` in the long run. Upstream spreads that rate evenly (a stochastic quota
// per queue step); here a project may send a short burst first — ten emails, or a minute's
// worth if more — so sign-in and verification mails never wait behind the average rate,
// while a bulk send is paced at the project's rate.
class EmailCapacity {
public:
    // The project's current rate in emails per second (delivery stats, penalties, boosts).
    using RateLookup = std::function<double(const std::string& tenancy_id)>;

    EmailCapacity(RateLookup rate_per_second, int64_t rate_ttl_ms = 30'000)
        : rate_per_second_(std::move(rate_per_second)), rate_ttl_ms_(rate_ttl_ms) {}

    // Spends one email of the tenancy's capacity. nullopt: send now; otherwise the
    // milliseconds until it may be sent.
    std::optional<int64_t> Take(const std::string& tenancy_id, int64_t now_ms);

    static util::TokenBuckets::Limit LimitFor(double rate_per_second);

private:
    double RateOf(const std::string& tenancy_id, int64_t now_ms);

    struct CachedRate {
        double rate = 0;
        int64_t fetched_at_ms = 0;
    };
    RateLookup rate_per_second_;
    int64_t rate_ttl_ms_;
    std::mutex mutex_;
    std::unordered_map<std::string, CachedRate> rates_;
    util::TokenBuckets buckets_;
};

}  // namespace stackd::jobs
