#include <algorithm>

#include "domain/metrics_queries.hpp"

namespace stackd::domain::metrics_queries {

UserCounts CountUsers(storage::Connection& db, const std::string& tenancy_id) {
    UserCounts counts;
    const auto totals = db.QueryOne(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN is_anonymous = 1 THEN 1 ELSE 0 END), 0) FROM users "
        "WHERE tenancy_id = $1",
        {tenancy_id});
    counts.total = totals->Int(0);
    counts.anonymous = totals->Int(1);
    // A semi-join in its own WHERE (not inside a CASE), so PostgreSQL can hash it instead of
    // probing contact_channels once per user.
    counts.verified_non_anonymous =
        db.QueryOne(
              "SELECT COUNT(*) FROM users u WHERE u.tenancy_id = $1 AND u.is_anonymous = 0 AND EXISTS (SELECT 1 "
              "FROM contact_channels c WHERE c.tenancy_id = u.tenancy_id AND c.user_id = u.id AND c.type = 'email' "
              "AND c.is_verified = 1)",
              {tenancy_id})
            ->Int(0);
    return counts;
}

int64_t CountTeams(storage::Connection& db, const std::string& tenancy_id) {
    return db.QueryOne("SELECT COUNT(*) FROM teams WHERE tenancy_id = $1", {tenancy_id})->Int(0);
}

DailyCounts DailySignUps(storage::Connection& db, const std::string& tenancy_id, const MetricsWindow& window,
                         bool include_anonymous) {
    // A range of users_by_sign_up (tenancy_id, signed_up_at, id).
    std::string sql =
        "SELECT signed_up_at / 86400000, COUNT(*) FROM users "
        "WHERE tenancy_id = $1 AND signed_up_at >= $2 AND signed_up_at < $3";
    if (!include_anonymous) {
        sql += " AND is_anonymous = 0";
    }
    sql += " GROUP BY signed_up_at / 86400000";
    DailyCounts counts = ZeroDays();
    for (const auto& row : db.Query(sql, {tenancy_id, window.since_ms, window.until_ms})) {
        const int64_t index = window.IndexOf(row.Int(0));
        if (index >= 0) {
            counts[static_cast<size_t>(index)] = row.Int(1);
        }
    }
    return counts;
}

std::vector<CountedName> LoginMethods(storage::Connection& db, const std::string& tenancy_id) {
    // stackd's auth methods are password, otp and passkey (no OAuth sign-in yet, so no
    // provider ids); any other kind is counted as upstream's "other".
    std::vector<CountedName> methods;
    for (const auto& row : db.Query("SELECT kind, COUNT(*) FROM auth_methods WHERE tenancy_id = $1 GROUP BY kind "
                                    "ORDER BY kind",
                                    {tenancy_id})) {
        std::string name = row.Text(0);
        if (name != "password" && name != "otp" && name != "passkey") {
            name = "other";
        }
        auto existing = std::find_if(methods.begin(), methods.end(),
                                     [&](const CountedName& method) { return method.name == name; });
        if (existing != methods.end()) {
            existing->count += row.Int(1);
        } else {
            methods.push_back({name, row.Int(1)});
        }
    }
    return methods;
}

}  // namespace stackd::domain::metrics_queries
