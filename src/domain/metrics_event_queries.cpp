#include "domain/metrics_queries.hpp"
#include "storage/sql_json.hpp"

namespace stackd::domain::metrics_queries {
namespace {

constexpr const char* kTokenRefresh = "$token-refresh";
constexpr const char* kPageView = "$page-view";
constexpr const char* kClick = "$click";

// Upstream's anonymous filter on an event: its is_anonymous flag, missing meaning 0.
std::string AnonymousEventFilter(bool include_anonymous, const std::string& alias) {
    // Spelled without COALESCE so PostgreSQL can estimate it from the column's statistics.
    return include_anonymous ? "" : " AND (" + alias + ".is_anonymous IS NULL OR " + alias + ".is_anonymous = 0)";
}

void ReplaceAll(std::string& text, const std::string& from, const std::string& to) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
}

void AddAt(DailyCounts& counts, const MetricsWindow& window, int64_t epoch_day, int64_t value) {
    const int64_t index = window.IndexOf(epoch_day);
    if (index >= 0) {
        counts[static_cast<size_t>(index)] = value;
    }
}

// The common part of the page-view/click queries: "FROM events e WHERE <tenancy, window,
// anonymous filter>", with its parameters numbered as they are added (PostgreSQL rejects
// a statement that is given a parameter it does not use).
struct PageEventQuery {
    storage::Params params;
    std::string scope;

    PageEventQuery(const std::string& tenancy_id, const MetricsWindow& window, bool include_anonymous) {
        const std::string tenancy = Param(tenancy_id);
        const std::string since = Param(window.since_ms);
        const std::string until = Param(window.until_ms);
        scope = " FROM events e WHERE e.tenancy_id = " + tenancy +
                " AND e.user_id IS NOT NULL AND e.created_at >= " + since + " AND e.created_at < " + until;
        if (!include_anonymous) {
            // Anonymous by the event's own flag, else by its user's latest $token-refresh
            // (up to the window's end), else not: upstream's rule for page views and clicks.
            scope +=
                " AND COALESCE(e.is_anonymous, (SELECT COALESCE(t.is_anonymous, 0) FROM events t "
                "WHERE t.tenancy_id = e.tenancy_id AND t.event_type = " +
                Param(std::string(kTokenRefresh)) + " AND t.user_id = e.user_id AND t.created_at < " + until +
                " ORDER BY t.created_at DESC LIMIT 1), 0) = 0";
        }
    }

    std::string Param(storage::Value value) {
        params.push_back(std::move(value));
        return "$" + std::to_string(params.size());
    }
};

}  // namespace

ActivitySplit DailyActivitySplit(storage::Connection& db, const std::string& tenancy_id, const MetricsWindow& window,
                                 ActivityEntity entity, bool include_anonymous) {
    // Teams have no anonymity. Only $token-refresh events with a team_id count for a team:
    // none carry one yet (nor do upstream's), so the team split reads zero until they do.
    const std::string column = entity == ActivityEntity::kUser ? "user_id" : "team_id";
    const std::string anonymous =
        entity == ActivityEntity::kUser ? AnonymousEventFilter(include_anonymous, "e") : std::string();
    // days: every (entity, day) with an event up to the window's end, in one pass (a
    // per-entity lookup of the first event is far slower at 100k users). An entity active
    // on a window day is new on its first day ever, retained when it was also active the
    // day before inside the window, reactivated otherwise ($3 is the window's first day,
    // whose previous day is outside it, as upstream's in-window lag).
    std::string sql = R"(
        WITH days AS (
            SELECT e.{id} AS entity_id, e.created_at / 86400000 AS day FROM events e
            WHERE e.tenancy_id = $1 AND e.event_type = $2 AND e.{id} IS NOT NULL AND e.created_at < $4 {anonymous}
            GROUP BY e.{id}, e.created_at / 86400000),
        marked AS (
            SELECT day, MIN(day) OVER (PARTITION BY entity_id) AS first_day,
                LAG(day) OVER (PARTITION BY entity_id ORDER BY day) AS prev_day
            FROM days)
        SELECT day, COUNT(*),
            COALESCE(SUM(CASE WHEN first_day = day THEN 1 ELSE 0 END), 0),
            COALESCE(SUM(CASE WHEN first_day < day AND day > $3 AND prev_day = day - 1 THEN 1 ELSE 0 END), 0),
            COALESCE(SUM(CASE WHEN first_day < day AND (day = $3 OR prev_day IS NULL OR prev_day < day - 1)
                         THEN 1 ELSE 0 END), 0)
        FROM marked WHERE day >= $3
        GROUP BY day)";
    ReplaceAll(sql, "{id}", column);
    ReplaceAll(sql, "{anonymous}", anonymous);
    ActivitySplit split;
    for (const auto& row : db.Query(sql, {tenancy_id, kTokenRefresh, window.first_day, window.until_ms})) {
        const int64_t day = row.Int(0);
        AddAt(split.total, window, day, row.Int(1));
        AddAt(split.new_entities, window, day, row.Int(2));
        AddAt(split.retained, window, day, row.Int(3));
        AddAt(split.reactivated, window, day, row.Int(4));
    }
    return split;
}

ActiveUserTotals CountActiveUsers(storage::Connection& db, const std::string& tenancy_id, const MetricsWindow& window,
                                  bool include_anonymous) {
    // Online keeps upstream's upper bound (the end of today), so future-dated events count.
    const auto row = db.QueryOne(
        "SELECT COUNT(DISTINCT e.user_id), COUNT(DISTINCT CASE WHEN e.created_at >= $5 THEN e.user_id END) "
        "FROM events e WHERE e.tenancy_id = $1 AND e.event_type = $2 AND e.user_id IS NOT NULL "
        "AND e.created_at >= $3 AND e.created_at < $4" +
            AnonymousEventFilter(include_anonymous, "e"),
        {tenancy_id, kTokenRefresh, window.since_ms, window.until_ms, window.now_ms - MetricsService::kOnlineWindowMs});
    return {row->Int(0), row->Int(1)};
}

std::map<std::string, int64_t> UsersByCountry(storage::Connection& db, const std::string& tenancy_id,
                                              bool include_anonymous) {
    // All time: each user's latest $token-refresh that has a country (after the anonymous
    // filter), then users per country. Ties on the timestamp go to the later row id.
    const std::string sql =
        "SELECT latest.country_code, COUNT(*) FROM (SELECT e.country_code, ROW_NUMBER() OVER "
        "(PARTITION BY e.user_id ORDER BY e.created_at DESC, e.id DESC) AS rank_in_user FROM events e "
        "WHERE e.tenancy_id = $1 AND e.event_type = $2 AND e.user_id IS NOT NULL AND e.country_code IS NOT NULL" +
        AnonymousEventFilter(include_anonymous, "e") +
        ") latest WHERE latest.rank_in_user = 1 GROUP BY latest.country_code";
    std::map<std::string, int64_t> countries;
    for (const auto& row : db.Query(sql, {tenancy_id, kTokenRefresh})) {
        countries[row.Text(0)] = row.Int(1);
    }
    return countries;
}

std::optional<TopRegion> FindTopRegion(storage::Connection& db, const std::string& tenancy_id,
                                       const MetricsWindow& window, bool include_anonymous) {
    // The (country, region) pair with the most distinct users in the window; a missing
    // country or region is a group of its own, as upstream. Ties: alphabetical.
    const auto row = db.QueryOne(
        "SELECT e.country_code, e.region_code, COUNT(DISTINCT e.user_id) AS users FROM events e "
        "WHERE e.tenancy_id = $1 AND e.event_type = $2 AND e.user_id IS NOT NULL "
        "AND e.created_at >= $3 AND e.created_at < $4" +
            AnonymousEventFilter(include_anonymous, "e") +
            " GROUP BY e.country_code, e.region_code "
            "ORDER BY users DESC, COALESCE(e.country_code, ''), COALESCE(e.region_code, '') LIMIT 1",
        {tenancy_id, kTokenRefresh, window.since_ms, window.until_ms});
    if (!row) {
        return std::nullopt;
    }
    return TopRegion{row->OptText(0), row->OptText(1), row->Int(2)};
}

PageAnalytics LoadPageAnalytics(storage::Connection& db, const std::string& tenancy_id, const MetricsWindow& window,
                                bool include_anonymous) {
    PageAnalytics pages;
    {
        PageEventQuery query(tenancy_id, window, include_anonymous);
        std::string sql = R"(
            SELECT e.created_at / 86400000,
                COALESCE(SUM(CASE WHEN e.event_type = {page_view} THEN 1 ELSE 0 END), 0),
                COALESCE(SUM(CASE WHEN e.event_type = {click} THEN 1 ELSE 0 END), 0),
                COUNT(DISTINCT CASE WHEN e.event_type = {page_view} THEN e.user_id END)
            {scope} AND e.event_type IN ({page_view}, {click})
            GROUP BY e.created_at / 86400000)";
        ReplaceAll(sql, "{scope}", query.scope);
        ReplaceAll(sql, "{page_view}", query.Param(std::string(kPageView)));
        ReplaceAll(sql, "{click}", query.Param(std::string(kClick)));
        for (const auto& row : db.Query(sql, query.params)) {
            AddAt(pages.page_views, window, row.Int(0), row.Int(1));
            AddAt(pages.clicks, window, row.Int(0), row.Int(2));
            AddAt(pages.visitors, window, row.Int(0), row.Int(3));
        }
    }
    {
        PageEventQuery query(tenancy_id, window, include_anonymous);
        const std::string sql = "SELECT COUNT(DISTINCT e.user_id)" + query.scope +
                                " AND e.event_type = " + query.Param(std::string(kPageView));
        pages.total_visitors = db.QueryOne(sql, query.params)->Int(0);
    }
    {
        // An empty referrer is a direct visit, grouped with a missing one.
        PageEventQuery query(tenancy_id, window, include_anonymous);
        const std::string referrer = "NULLIF(" + storage::JsonTextSql(db.dialect(), "e.data", "referrer") + ", '')";
        const std::string sql = "SELECT r.referrer, COUNT(DISTINCT r.user_id) AS visitors FROM (SELECT " + referrer +
                                " AS referrer, e.user_id" + query.scope +
                                " AND e.event_type = " + query.Param(std::string(kPageView)) +
                                ") r GROUP BY r.referrer ORDER BY visitors DESC, COALESCE(r.referrer, '') LIMIT " +
                                std::to_string(MetricsService::kTopReferrersLimit);
        for (const auto& row : db.Query(sql, query.params)) {
            pages.top_referrers.push_back({row.OptText(0).value_or(""), row.Int(1)});
        }
    }
    return pages;
}

}  // namespace stackd::domain::metrics_queries
