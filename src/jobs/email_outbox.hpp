#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobs/outbox.hpp"
#include "storage/store.hpp"

namespace stackd::jobs::email_outbox {

// The email worker's side of the outbox: email rows carry upstream's scheduling, pause,
// skip and attempt-log state (migration 0005) on top of the generic lease columns. Every
// write after the claim is conditional on the claim still being ours.

// One failed send attempt, stored in upstream's API shape.
struct AttemptError {
    int64_t attempt_number = 0;
    std::string external_message;
    std::string error_type;
    std::string internal_message;
};

// Leases due email rows: pending, due, not paused or skipped, and (unless a shared server
// is available) only rows whose project has its own server; plus rows whose lease expired.
std::vector<outbox::Item> Claim(storage::Connection& db, const std::string& owner, int64_t now_ms,
                                int64_t lease_ms, int limit, bool shared_server_available);

void MarkSent(storage::Connection& db, const outbox::Item& item, const std::string& owner, int64_t now_ms);
// A retryable failure: pending again at `retry_at_ms`, the attempt logged.
void MarkRetry(storage::Connection& db, const outbox::Item& item, const std::string& owner,
               const AttemptError& error, int64_t retry_at_ms, int64_t now_ms);
// Terminal failure (status server-error); `error` is logged as an attempt when given.
void MarkServerError(storage::Connection& db, const outbox::Item& item, const std::string& owner,
                     const std::string& external_message, const std::optional<AttemptError>& error, int64_t now_ms);
void MarkSkipped(storage::Connection& db, const outbox::Item& item, const std::string& owner,
                 const std::string& reason, const nlohmann::json& details, int64_t now_ms);
// Gives the claim back without counting it as an attempt, due again at `due_at_ms`.
void Release(storage::Connection& db, const outbox::Item& item, const std::string& owner, int64_t due_at_ms);

}  // namespace stackd::jobs::email_outbox
