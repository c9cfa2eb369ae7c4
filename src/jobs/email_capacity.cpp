#include "jobs/email_capacity.hpp"

#include <algorithm>

namespace stackd::jobs {

util::TokenBuckets::Limit EmailCapacity::LimitFor(double rate_per_second) {
    constexpr double kMinimumBurst = 10;
    const double rate = std::max(rate_per_second, 1e-6);
    const double burst = std::max(kMinimumBurst, rate * 60);
    return {burst, static_cast<int64_t>(burst / rate * 1000)};
}

double EmailCapacity::RateOf(const std::string& tenancy_id, int64_t now_ms) {
    {
        std::lock_guard lock(mutex_);
        const auto found = rates_.find(tenancy_id);
        if (found != rates_.end() && now_ms - found->second.fetched_at_ms < rate_ttl_ms_) {
            return found->second.rate;
        }
    }
    // Looked up outside the lock: it reads the database.
    const double rate = rate_per_second_(tenancy_id);
    std::lock_guard lock(mutex_);
    rates_[tenancy_id] = {rate, now_ms};
    return rate;
}

std::optional<int64_t> EmailCapacity::Take(const std::string& tenancy_id, int64_t now_ms) {
    return buckets_.Take(tenancy_id, LimitFor(RateOf(tenancy_id, now_ms)), now_ms);
}

}  // namespace stackd::jobs
