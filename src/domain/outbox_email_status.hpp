#pragma once

#include <string>
#include <string_view>

namespace stackd::domain {

// How one stackd outbox status reads in upstream's email vocabulary (platform.md §2.1):
// the simple status bucket, the EmailOutboxStatus DB enum name and whether the send has
// finished (upstream's finishedSendingAt is set).
struct OutboxEmailStatus {
    enum class Simple { kOk, kError, kInProgress };
    Simple simple = Simple::kInProgress;
    std::string db_status;  // e.g. "SENT"
    bool finished_sending = false;
};

// The single place that maps jobs::outbox statuses to upstream's: extend it when the
// outbox gains a status. An unknown status reads as still in progress.
OutboxEmailStatus DescribeOutboxEmailStatus(std::string_view outbox_status);

// Upstream's simple-status strings: "ok", "error", "in-progress".
const char* SimpleStatusName(OutboxEmailStatus::Simple simple);

}  // namespace stackd::domain
