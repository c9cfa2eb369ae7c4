#include "domain/metrics.hpp"

#include <functional>
#include <future>
#include <vector>

#include "domain/metrics_queries.hpp"
#include "domain/user_repository.hpp"

namespace stackd::domain {
namespace {

bool RequireEmailVerification(const TenancyView& tenancy) {
    const auto& value = tenancy.config["onboarding"]["requireEmailVerification"];
    return value.is_boolean() && value.get<bool>();
}

// GET /users?order_by=signed_up_at&desc=true&limit=100&include_anonymous=…: the list's
// default filter also leaves out restricted users unless anonymous ones are included.
user_repository::ListFilter RecentlyRegisteredFilter(const TenancyView& tenancy, bool include_anonymous) {
    user_repository::ListFilter filter;
    filter.include_anonymous = include_anonymous;
    filter.include_restricted = include_anonymous;
    filter.require_verified_email = RequireEmailVerification(tenancy);
    filter.descending = true;
    filter.limit = MetricsService::kRecentlyRegisteredLimit;
    return filter;
}

}  // namespace

Metrics MetricsService::Compute(const TenancyView& tenancy, bool include_anonymous) {
    namespace queries = metrics_queries;
    Metrics metrics;
    metrics.window = MetricsWindow::At(clock_.NowMillis());
    metrics.include_anonymous = include_anonymous;
    const std::string& tenancy_id = tenancy.tenancy->id;
    const MetricsWindow& window = metrics.window;
    // Like upstream, the aggregates run in parallel: four tasks, each on its own read
    // connection, each led by one of the scans that dominate at 100k users. The caller
    // holds no connection while it waits, so concurrent requests cannot deadlock the pool.
    std::vector<std::future<void>> tasks;
    const auto in_parallel = [&](std::function<void(storage::Connection&)> work) {
        tasks.push_back(std::async(std::launch::async, [this, work = std::move(work)] { store_.Read(work); }));
    };
    in_parallel([&](storage::Connection& db) {
        metrics.active_users =
            queries::DailyActivitySplit(db, tenancy_id, window, queries::ActivityEntity::kUser, include_anonymous);
    });
    in_parallel([&](storage::Connection& db) {
        metrics.users_by_country = queries::UsersByCountry(db, tenancy_id, include_anonymous);
        metrics.active_teams =
            queries::DailyActivitySplit(db, tenancy_id, window, queries::ActivityEntity::kTeam, false);
        metrics.emails = queries::LoadEmailAggregates(db, tenancy_id, window);
    });
    in_parallel([&](storage::Connection& db) {
        const auto active = queries::CountActiveUsers(db, tenancy_id, window, include_anonymous);
        metrics.monthly_active_users = active.in_window;
        metrics.online_users = active.online;
        metrics.top_region = queries::FindTopRegion(db, tenancy_id, window, include_anonymous);
        metrics.pages = queries::LoadPageAnalytics(db, tenancy_id, window, include_anonymous);
    });
    in_parallel([&](storage::Connection& db) {
        metrics.users = queries::CountUsers(db, tenancy_id);
        metrics.total_teams = queries::CountTeams(db, tenancy_id);
        metrics.daily_sign_ups = queries::DailySignUps(db, tenancy_id, window, include_anonymous);
        metrics.login_methods = queries::LoginMethods(db, tenancy_id);
        metrics.recently_registered =
            user_repository::List(db, tenancy_id, RecentlyRegisteredFilter(tenancy, include_anonymous));
        if (metrics.recently_registered.size() > static_cast<size_t>(kRecentlyRegisteredLimit)) {
            metrics.recently_registered.resize(static_cast<size_t>(kRecentlyRegisteredLimit));
        }
        metrics.recently_active =
            user_repository::ListRecentlyActive(db, tenancy_id, include_anonymous, kRecentlyActiveLimit);
    });
    // get() rethrows a task's failure; the other futures still finish before `metrics` goes.
    for (auto& task : tasks) {
        task.get();
    }
    return metrics;
}

}  // namespace stackd::domain
