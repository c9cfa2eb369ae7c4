#pragma once

#include <string>
#include <string_view>

namespace stackd::domain {

// How one upstream email DB status reads in the metrics' vocabulary (platform.md §2.1):
// the simple status bucket, the EmailOutboxStatus DB enum name and whether the send has
// finished (upstream's finishedSendingAt is set).
struct OutboxEmailStatus {
    enum class Simple { kOk, kError, kInProgress };
    Simple simple = Simple::kInProgress;
    std::string db_status;  // e.g. "SENT"
    bool finished_sending = false;
};

// Upstream's simple bucket of an EmailOutboxStatus DB enum value (as
// email_outbox_repository::StatusSql computes it). Unknown values read as in progress.
OutboxEmailStatus DescribeOutboxEmailStatus(std::string_view db_status);

// Upstream's simple-status strings: "ok", "error", "in-progress".
const char* SimpleStatusName(OutboxEmailStatus::Simple simple);

}  // namespace stackd::domain
