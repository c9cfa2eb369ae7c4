#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "storage/store.hpp"

namespace stackd::domain {

// GET /internal/sign-up-rules-stats: the tenancy's `$sign-up-rule-trigger` events per rule,
// with hourly counts over the last kAnalyticsHours hours (the current hour included), the
// all-time count per rule, and the recent triggers per action. Read from the events log
// (upstream reads the same events from ClickHouse).
class SignUpRuleStats {
public:
    static constexpr int64_t kAnalyticsHours = 48;

    explicit SignUpRuleStats(storage::Store& store) : store_(store) {}

    nlohmann::json Read(const std::string& tenancy_id, int64_t now_ms) const;

private:
    storage::Store& store_;
};

}  // namespace stackd::domain
