#include "domain/outbox_email_status.hpp"

namespace stackd::domain {

OutboxEmailStatus DescribeOutboxEmailStatus(std::string_view db_status) {
    using Simple = OutboxEmailStatus::Simple;
    // Both end a send attempt for good: upstream sets finishedSendingAt on each.
    if (db_status == "SENT") {
        return {Simple::kOk, "SENT", true};
    }
    if (db_status == "SERVER_ERROR") {
        return {Simple::kError, "SERVER_ERROR", true};
    }
    if (db_status == "RENDER_ERROR") {
        return {Simple::kError, "RENDER_ERROR", false};
    }
    // Upstream counts a deliberately skipped email as handled.
    if (db_status == "SKIPPED") {
        return {Simple::kOk, "SKIPPED", false};
    }
    // PAUSED, SCHEDULED, QUEUED, SENDING: not sent yet.
    return {Simple::kInProgress, std::string(db_status), false};
}

const char* SimpleStatusName(OutboxEmailStatus::Simple simple) {
    switch (simple) {
        case OutboxEmailStatus::Simple::kOk:
            return "ok";
        case OutboxEmailStatus::Simple::kError:
            return "error";
        case OutboxEmailStatus::Simple::kInProgress:
            break;
    }
    return "in-progress";
}

}  // namespace stackd::domain
