#include "jobs/email_outbox.hpp"

#include "util/clock.hpp"

namespace stackd::jobs::email_outbox {
namespace {

constexpr const char* kClaimable =
    "kind = 'email' AND is_paused = 0 AND skipped_reason IS NULL AND render_error IS NULL AND "
    "((status = 'pending' AND next_attempt_at <= $1) OR (status = 'sending' AND lease_until < $1))";

// The row's attempt log with `error` appended, as stored JSON text.
std::string AppendAttempt(storage::Connection& db, const outbox::Item& item, const AttemptError& error,
                          int64_t now_ms) {
    const auto row = db.QueryOne("SELECT send_attempt_errors FROM outbox WHERE tenancy_id = $1 AND id = $2",
                                 {item.tenancy_id, item.id});
    nlohmann::json errors = nlohmann::json::array();
    if (row && row->OptText(0)) {
        errors = nlohmann::json::parse(*row->OptText(0), nullptr, false);
        if (!errors.is_array()) {
            errors = nlohmann::json::array();
        }
    }
    errors.push_back({{"attempt_number", error.attempt_number},
                      {"timestamp", util::FormatIso8601(now_ms)},
                      {"external_message", error.external_message},
                      {"external_details", {{"errorType", error.error_type}}},
                      {"internal_message", error.internal_message},
                      {"internal_details", {{"errorType", error.error_type}}}});
    return errors.dump();
}

}  // namespace

std::vector<outbox::Item> Claim(storage::Connection& db, const std::string& owner, int64_t now_ms,
                                int64_t lease_ms, int limit, bool shared_server_available) {
    const std::string server_filter = shared_server_available ? "" : " AND uses_shared_server = 0";
    const auto rows = db.Query(std::string("SELECT ") + outbox::kItemColumns + " FROM outbox WHERE " + kClaimable +
                                   server_filter + " ORDER BY next_attempt_at LIMIT $2",
                               {now_ms, int64_t{limit}});
    std::vector<outbox::Item> claimed;
    for (const auto& row : rows) {
        outbox::Item item = outbox::ItemFromRow(row);
        // The claim predicate is repeated: a row another node claimed, or a user paused or
        // cancelled, since the SELECT is left alone.
        const auto changed = db.Execute(
            std::string("UPDATE outbox SET status = 'sending', lease_owner = $4, lease_until = $5, "
                        "attempts = attempts + 1, started_sending_at = $1, updated_at = $1 WHERE tenancy_id = $2 "
                        "AND id = $3 AND ") +
                kClaimable,
            {now_ms, item.tenancy_id, item.id, owner, now_ms + lease_ms});
        if (changed == 1) {
            item.status = "sending";
            item.attempts += 1;
            claimed.push_back(std::move(item));
        }
    }
    return claimed;
}

void MarkSent(storage::Connection& db, const outbox::Item& item, const std::string& owner, int64_t now_ms) {
    db.Execute(
        "UPDATE outbox SET status = 'sent', lease_owner = NULL, lease_until = NULL, last_error = NULL, "
        "finished_sending_at = $4, updated_at = $4 WHERE tenancy_id = $1 AND id = $2 AND lease_owner = $3",
        {item.tenancy_id, item.id, owner, now_ms});
}

void MarkRetry(storage::Connection& db, const outbox::Item& item, const std::string& owner,
               const AttemptError& error, int64_t retry_at_ms, int64_t now_ms) {
    const std::string errors = AppendAttempt(db, item, error, now_ms);
    db.Execute(
        "UPDATE outbox SET status = 'pending', next_attempt_at = $4, lease_owner = NULL, lease_until = NULL, "
        "started_sending_at = NULL, last_error = $5, send_attempt_errors = $6, updated_at = $7 "
        "WHERE tenancy_id = $1 AND id = $2 AND lease_owner = $3",
        {item.tenancy_id, item.id, owner, retry_at_ms, error.error_type + ": " + error.internal_message, errors,
         now_ms});
}

void MarkServerError(storage::Connection& db, const outbox::Item& item, const std::string& owner,
                     const std::string& external_message, const std::optional<AttemptError>& error, int64_t now_ms) {
    storage::Value errors = storage::Null();
    if (error) {
        errors = AppendAttempt(db, item, *error, now_ms);
    }
    db.Execute(
        "UPDATE outbox SET status = 'failed', lease_owner = NULL, lease_until = NULL, last_error = $4, "
        "send_attempt_errors = COALESCE($5, send_attempt_errors), finished_sending_at = $6, updated_at = $6 "
        "WHERE tenancy_id = $1 AND id = $2 AND lease_owner = $3",
        {item.tenancy_id, item.id, owner, external_message, errors, now_ms});
}

void MarkSkipped(storage::Connection& db, const outbox::Item& item, const std::string& owner,
                 const std::string& reason, const nlohmann::json& details, int64_t now_ms) {
    db.Execute(
        "UPDATE outbox SET status = 'skipped', lease_owner = NULL, lease_until = NULL, skipped_reason = $4, "
        "skipped_details = $5, updated_at = $6 WHERE tenancy_id = $1 AND id = $2 AND lease_owner = $3",
        {item.tenancy_id, item.id, owner, reason, details.dump(), now_ms});
}

void Release(storage::Connection& db, const outbox::Item& item, const std::string& owner, int64_t due_at_ms) {
    db.Execute(
        "UPDATE outbox SET status = 'pending', attempts = attempts - 1, next_attempt_at = $4, lease_owner = NULL, "
        "lease_until = NULL, started_sending_at = NULL WHERE tenancy_id = $1 AND id = $2 AND lease_owner = $3",
        {item.tenancy_id, item.id, owner, due_at_ms});
}

}  // namespace stackd::jobs::email_outbox
