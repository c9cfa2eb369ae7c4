#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/metrics_window.hpp"
#include "domain/projects.hpp"
#include "domain/user.hpp"
#include "storage/store.hpp"
#include "util/clock.hpp"

namespace stackd::domain {

// The aggregates behind GET /internal/metrics (platform.md §4.4), computed from stackd's own
// tables: users, contact channels, auth methods, teams, the email outbox and the events log
// (upstream reads the event-derived ones from ClickHouse).

struct ActivitySplit {
    DailyCounts total = ZeroDays();
    DailyCounts new_entities = ZeroDays();
    DailyCounts retained = ZeroDays();
    DailyCounts reactivated = ZeroDays();
};

struct UserCounts {
    int64_t total = 0;
    int64_t anonymous = 0;
    int64_t verified_non_anonymous = 0;  // with at least one verified email channel
};

struct CountedName {
    std::string name;
    int64_t count = 0;
};

struct TopRegion {
    std::optional<std::string> country_code;
    std::optional<std::string> region_code;
    int64_t users = 0;
};

struct RecentEmail {
    std::string id;
    std::string db_status;  // upstream's EmailOutboxStatus, e.g. "SENT"
    std::optional<std::string> subject;
    int64_t created_at_ms = 0;
};

struct EmailStatusCount {
    std::string db_status;  // upstream's EmailOutboxStatus, e.g. "SENT"
    int64_t count = 0;
};

struct DailyEmailStatusCount {
    int64_t day_index = 0;
    std::string db_status;  // upstream's EmailOutboxStatus, e.g. "SENT"
    int64_t count = 0;
};

struct EmailAggregates {
    std::vector<EmailStatusCount> by_status;             // all time
    std::vector<DailyEmailStatusCount> daily_by_status;  // inside the window
    std::vector<RecentEmail> recent;                     // newest first
};

struct PageAnalytics {
    DailyCounts page_views = ZeroDays();
    DailyCounts clicks = ZeroDays();
    DailyCounts visitors = ZeroDays();
    int64_t total_visitors = 0;
    std::vector<CountedName> top_referrers;  // name "" is a direct visit
};

struct Metrics {
    MetricsWindow window;
    bool include_anonymous = false;
    UserCounts users;
    int64_t total_teams = 0;
    DailyCounts daily_sign_ups = ZeroDays();
    ActivitySplit active_users;
    ActivitySplit active_teams;
    int64_t monthly_active_users = 0;
    int64_t online_users = 0;
    std::map<std::string, int64_t> users_by_country;
    std::optional<TopRegion> top_region;
    std::vector<User> recently_registered;
    std::vector<User> recently_active;
    std::vector<CountedName> login_methods;
    EmailAggregates emails;
    PageAnalytics pages;
};

class MetricsService {
public:
    static constexpr int64_t kRecentlyRegisteredLimit = 100;
    static constexpr int64_t kRecentlyActiveLimit = 5;
    static constexpr int64_t kRecentEmailsLimit = 100;
    static constexpr int64_t kTopReferrersLimit = 100;
    // "Online" means a token refresh within this many milliseconds.
    static constexpr int64_t kOnlineWindowMs = 5 * 60 * 1000;

    MetricsService(storage::Store& store, const util::Clock& clock) : store_(store), clock_(clock) {}

    Metrics Compute(const TenancyView& tenancy, bool include_anonymous);

private:
    storage::Store& store_;
    const util::Clock& clock_;
};

}  // namespace stackd::domain
