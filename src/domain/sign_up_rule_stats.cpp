#include "domain/sign_up_rule_stats.hpp"

#include <algorithm>
#include <map>

#include "util/clock.hpp"

namespace stackd::domain {
namespace {

constexpr int64_t kHourMs = 3600 * 1000;

// The rule id of a trigger event: `ruleId` as written here, `rule_id` in upstream's
// normalised layout; "" when neither is set.
std::string RuleIdOf(const nlohmann::json& data) {
    for (const char* key : {"rule_id", "ruleId"}) {
        if (data.contains(key) && data[key].is_string() && !data[key].get<std::string>().empty()) {
            return data[key].get<std::string>();
        }
    }
    return "";
}

}  // namespace

nlohmann::json SignUpRuleStats::Read(const std::string& tenancy_id, int64_t now_ms) const {
    const int64_t current_hour = now_ms - now_ms % kHourMs;
    const int64_t since = current_hour - (kAnalyticsHours - 1) * kHourMs;

    struct RuleCounts {
        int64_t recent = 0;
        int64_t all_time = 0;
        std::map<int64_t, int64_t> hourly;  // hour start → count
    };
    std::map<std::string, RuleCounts> rules;  // ordered by id, as upstream sorts them
    nlohmann::json by_action = {{"allow", 0}, {"reject", 0}, {"restrict", 0}, {"log", 0}};
    int64_t total_recent = 0;

    store_.Read([&](storage::Connection& db) {
        const auto rows = db.Query("SELECT data, created_at FROM events WHERE tenancy_id = $1 AND event_type = $2",
                                   {tenancy_id, std::string("$sign-up-rule-trigger")});
        for (const auto& row : rows) {
            const auto data = nlohmann::json::parse(row.Text(0), nullptr, false);
            if (!data.is_object()) {
                continue;
            }
            const std::string rule_id = RuleIdOf(data);
            if (rule_id.empty()) {
                continue;
            }
            auto& counts = rules[rule_id];
            ++counts.all_time;
            const int64_t at = row.Int(1);
            if (at < since) {
                continue;
            }
            ++counts.recent;
            ++counts.hourly[at - at % kHourMs];
            ++total_recent;
            const auto action = data.value("action", nlohmann::json(nullptr));
            if (action.is_string() && by_action.contains(action.get<std::string>())) {
                by_action[action.get<std::string>()] = by_action[action.get<std::string>()].get<int64_t>() + 1;
            }
        }
    });

    nlohmann::json triggers = nlohmann::json::array();
    for (const auto& [rule_id, counts] : rules) {
        nlohmann::json hourly = nlohmann::json::array();
        for (int64_t hour = since; hour <= current_hour; hour += kHourMs) {
            const auto found = counts.hourly.find(hour);
            hourly.push_back(
                {{"hour", util::FormatIso8601(hour)}, {"count", found == counts.hourly.end() ? 0 : found->second}});
        }
        triggers.push_back({{"rule_id", rule_id},
                            {"total_count", counts.recent},
                            {"all_time_count", counts.all_time},
                            {"hourly_counts", std::move(hourly)}});
    }
    return {{"rule_triggers", std::move(triggers)},
            {"analytics_hours", kAnalyticsHours},
            {"total_triggers", total_recent},
            {"triggers_by_action", std::move(by_action)}};
}

}  // namespace stackd::domain
