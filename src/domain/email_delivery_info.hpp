#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "storage/store.hpp"
#include "util/clock.hpp"

namespace stackd::domain {

struct EmailWindowStats {
    int64_t sent = 0;
    int64_t bounced = 0;
    int64_t marked_as_spam = 0;
};

struct EmailDeliveryInfo {
    EmailWindowStats hour, day, week, month;
    double rate_per_second = 0;
    double boost_multiplier = 1;
    double penalty_factor = 1;
    bool is_boost_active = false;
    std::optional<int64_t> boost_expires_at_ms;  // the last boost's end, even when past
};

// Delivery statistics and sending capacity of a tenancy (platform.md §2.4). stackd has no
// delivery-tracking provider, so bounces and spam reports are always 0.
class EmailDeliveryInfoService {
public:
    EmailDeliveryInfoService(storage::Store& store, const util::Clock& clock, double default_capacity_per_hour)
        : store_(store), clock_(clock), default_capacity_per_hour_(default_capacity_per_hour) {}

    EmailDeliveryInfo Get(const std::string& tenancy_id) const;
    // Quadruples the capacity for 4 hours; returns when the boost ends.
    // 409 EMAIL_CAPACITY_BOOST_ALREADY_ACTIVE while one is running.
    int64_t ActivateBoost(const std::string& tenancy_id) const;

    // upstream: 1 without sends, else 1 − (bounced + 50·spam)/sent clamped to [0.1, 1].
    static double PenaltyFactor(const EmailWindowStats& stats);

private:
    storage::Store& store_;
    const util::Clock& clock_;
    double default_capacity_per_hour_;
};

}  // namespace stackd::domain
