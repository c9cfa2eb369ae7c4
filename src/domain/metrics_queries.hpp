#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/metrics.hpp"
#include "storage/store.hpp"

namespace stackd::domain::metrics_queries {

// The SQL behind MetricsService, one aggregate per function, each a few index-backed
// queries scoped by tenancy_id (no per-user round trips). `include_anonymous` false drops
// anonymous users, as upstream's include_anonymous query flag.

// metrics_user_queries.cpp: users, auth methods, teams.
UserCounts CountUsers(storage::Connection& db, const std::string& tenancy_id);
int64_t CountTeams(storage::Connection& db, const std::string& tenancy_id);
DailyCounts DailySignUps(storage::Connection& db, const std::string& tenancy_id, const MetricsWindow& window,
                         bool include_anonymous);
// Auth-method rows by kind ("password", "otp", "passkey"; anything else is "other").
std::vector<CountedName> LoginMethods(storage::Connection& db, const std::string& tenancy_id);

// metrics_event_queries.cpp: the $token-refresh, $page-view and $click events.
enum class ActivityEntity { kUser, kTeam };
ActivitySplit DailyActivitySplit(storage::Connection& db, const std::string& tenancy_id, const MetricsWindow& window,
                                 ActivityEntity entity, bool include_anonymous);
struct ActiveUserTotals {
    int64_t in_window = 0;  // MAU
    int64_t online = 0;     // refreshed within MetricsService::kOnlineWindowMs
};
ActiveUserTotals CountActiveUsers(storage::Connection& db, const std::string& tenancy_id, const MetricsWindow& window,
                                  bool include_anonymous);
std::map<std::string, int64_t> UsersByCountry(storage::Connection& db, const std::string& tenancy_id,
                                              bool include_anonymous);
std::optional<TopRegion> FindTopRegion(storage::Connection& db, const std::string& tenancy_id,
                                       const MetricsWindow& window, bool include_anonymous);
PageAnalytics LoadPageAnalytics(storage::Connection& db, const std::string& tenancy_id, const MetricsWindow& window,
                                bool include_anonymous);

// metrics_email_queries.cpp: the email outbox, by raw outbox status.
EmailAggregates LoadEmailAggregates(storage::Connection& db, const std::string& tenancy_id,
                                    const MetricsWindow& window);

}  // namespace stackd::domain::metrics_queries
