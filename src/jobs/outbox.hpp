#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "storage/store.hpp"

namespace stackd::jobs::outbox {

// The durable queue behind email and webhook delivery. Producers enqueue on the
// connection of their own transaction, so the message exists iff the change committed.
// Workers (one per kind, added with the email and webhook issues) claim due rows with a
// lease; a worker that dies leaves a lease that expires, and the row is retried.

enum class Kind { kEmail, kWebhook };

struct Item {
    std::string tenancy_id;
    std::string id;
    Kind kind = Kind::kEmail;
    nlohmann::json payload;
    std::string status;  // pending, sending, sent, failed
    int64_t attempts = 0;
    int64_t next_attempt_at_ms = 0;
    std::optional<std::string> last_error;
};

// The columns every outbox read selects, in the order ItemFromRow expects.
inline constexpr const char* kItemColumns =
    "tenancy_id, id, kind, payload, status, attempts, next_attempt_at, last_error";
Item ItemFromRow(const storage::Row& row);

// Returns the new row's id.
std::string Enqueue(storage::Connection& db, const std::string& tenancy_id, Kind kind, const nlohmann::json& payload,
                    int64_t now_ms);

// Leases up to `limit` due rows of `kind` to `owner` until now + lease_ms: pending rows
// whose next attempt is due, and rows whose previous lease expired.
std::vector<Item> Claim(storage::Connection& db, Kind kind, const std::string& owner, int64_t now_ms,
                        int64_t lease_ms, int limit);

void MarkSent(storage::Connection& db, const Item& item, int64_t now_ms);
// Records a failed attempt: retried at `retry_at_ms`, or final when nullopt.
void MarkFailed(storage::Connection& db, const Item& item, const std::string& error,
                std::optional<int64_t> retry_at_ms, int64_t now_ms);

std::optional<Item> Find(storage::Connection& db, const std::string& tenancy_id, const std::string& id);

}  // namespace stackd::jobs::outbox
