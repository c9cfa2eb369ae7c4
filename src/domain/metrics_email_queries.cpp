#include "domain/email_outbox.hpp"
#include "domain/metrics_queries.hpp"
#include "storage/sql_json.hpp"

namespace stackd::domain::metrics_queries {

EmailAggregates LoadEmailAggregates(storage::Connection& db, const std::string& tenancy_id,
                                    const MetricsWindow& window) {
    // Counted by upstream's DB status, computed in SQL exactly as the outbox API shows it;
    // domain::DescribeOutboxEmailStatus maps those to upstream's simple buckets.
    const std::string status = email_outbox_repository::StatusSql("$2");
    EmailAggregates emails;
    for (const auto& row : db.Query("SELECT " + status + " AS db_status, COUNT(*) FROM outbox WHERE tenancy_id = $1 "
                                    "AND kind = 'email' GROUP BY db_status ORDER BY db_status",
                                    {tenancy_id, window.now_ms})) {
        emails.by_status.push_back({row.Text(0), row.Int(1)});
    }
    // Ranges of outbox_by_tenancy_created (tenancy_id, kind, created_at).
    const std::string daily_status = email_outbox_repository::StatusSql("$4");
    for (const auto& row : db.Query("SELECT created_at / 86400000 AS day, " + daily_status +
                                        " AS db_status, COUNT(*) FROM outbox "
                                        "WHERE tenancy_id = $1 AND kind = 'email' AND created_at >= $2 AND created_at < $3 "
                                        "GROUP BY day, db_status",
                                    {tenancy_id, window.since_ms, window.until_ms, window.now_ms})) {
        const int64_t index = window.IndexOf(row.Int(0));
        if (index >= 0) {
            emails.daily_by_status.push_back({index, row.Text(1), row.Int(2)});
        }
    }
    // Only the subject is read out of the payload (which also holds the rendered bodies).
    const std::string subject = storage::JsonTextSql(db.dialect(), "payload", "subject");
    for (const auto& row : db.Query("SELECT id, " + status + ", " + subject +
                                        ", created_at FROM outbox WHERE tenancy_id = $1 AND "
                                        "kind = 'email' ORDER BY created_at DESC, id DESC LIMIT " +
                                        std::to_string(MetricsService::kRecentEmailsLimit),
                                    {tenancy_id, window.now_ms})) {
        emails.recent.push_back({row.Text(0), row.Text(1), row.OptText(2), row.Int(3)});
    }
    return emails;
}

}  // namespace stackd::domain::metrics_queries
