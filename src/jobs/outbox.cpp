#include "jobs/outbox.hpp"

#include "crypto/random.hpp"

namespace stackd::jobs::outbox {
namespace {

const char* KindName(Kind kind) { return kind == Kind::kEmail ? "email" : "webhook"; }

}  // namespace

Item ItemFromRow(const storage::Row& row) {
    Item item;
    item.tenancy_id = row.Text(0);
    item.id = row.Text(1);
    item.kind = row.Text(2) == "email" ? Kind::kEmail : Kind::kWebhook;
    item.payload = nlohmann::json::parse(row.Text(3), nullptr, false);
    item.status = row.Text(4);
    item.attempts = row.Int(5);
    item.next_attempt_at_ms = row.Int(6);
    item.last_error = row.OptText(7);
    return item;
}

std::string Enqueue(storage::Connection& db, const std::string& tenancy_id, Kind kind, const nlohmann::json& payload,
                    int64_t now_ms) {
    const std::string id = crypto::RandomUuidV4();
    db.Execute(
        "INSERT INTO outbox (tenancy_id, id, kind, payload, status, attempts, next_attempt_at, created_at, "
        "updated_at) VALUES ($1, $2, $3, $4, 'pending', 0, $5, $5, $5)",
        {tenancy_id, id, std::string(KindName(kind)), payload.dump(), now_ms});
    return id;
}

std::vector<Item> Claim(storage::Connection& db, Kind kind, const std::string& owner, int64_t now_ms,
                        int64_t lease_ms, int limit) {
    // Select then update by key: portable across both backends. On PostgreSQL the
    // caller's transaction makes the pair atomic per row (the status/lease predicate is
    // repeated in the UPDATE, so a row another node claimed first is skipped).
    const auto rows = db.Query(
        std::string("SELECT ") + kItemColumns +
            " FROM outbox WHERE kind = $1 AND ((status = 'pending' AND next_attempt_at <= $2) OR "
            "(status = 'sending' AND lease_until < $2)) ORDER BY next_attempt_at LIMIT $3",
        {std::string(KindName(kind)), now_ms, int64_t{limit}});
    std::vector<Item> claimed;
    for (const auto& row : rows) {
        Item item = ItemFromRow(row);
        const auto changed = db.Execute(
            "UPDATE outbox SET status = 'sending', lease_owner = $3, lease_until = $4, attempts = attempts + 1, "
            "updated_at = $5 WHERE tenancy_id = $1 AND id = $2 AND ((status = 'pending' AND next_attempt_at <= $5) "
            "OR (status = 'sending' AND lease_until < $5))",
            {item.tenancy_id, item.id, owner, now_ms + lease_ms, now_ms});
        if (changed == 1) {
            item.status = "sending";
            item.attempts += 1;
            claimed.push_back(std::move(item));
        }
    }
    return claimed;
}

void MarkSent(storage::Connection& db, const Item& item, int64_t now_ms) {
    db.Execute(
        "UPDATE outbox SET status = 'sent', lease_owner = NULL, lease_until = NULL, last_error = NULL, "
        "updated_at = $3 WHERE tenancy_id = $1 AND id = $2",
        {item.tenancy_id, item.id, now_ms});
}

void MarkFailed(storage::Connection& db, const Item& item, const std::string& error,
                std::optional<int64_t> retry_at_ms, int64_t now_ms) {
    db.Execute(
        "UPDATE outbox SET status = $3, next_attempt_at = $4, lease_owner = NULL, lease_until = NULL, "
        "last_error = $5, updated_at = $6 WHERE tenancy_id = $1 AND id = $2",
        {item.tenancy_id, item.id, std::string(retry_at_ms ? "pending" : "failed"), retry_at_ms.value_or(now_ms),
         error, now_ms});
}

std::optional<Item> Find(storage::Connection& db, const std::string& tenancy_id, const std::string& id) {
    auto row = db.QueryOne(std::string("SELECT ") + kItemColumns + " FROM outbox WHERE tenancy_id = $1 AND id = $2",
                           {tenancy_id, id});
    if (!row) {
        return std::nullopt;
    }
    return ItemFromRow(*row);
}

}  // namespace stackd::jobs::outbox
