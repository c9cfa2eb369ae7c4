#include "domain/outbox_email_status.hpp"

namespace stackd::domain {

OutboxEmailStatus DescribeOutboxEmailStatus(std::string_view outbox_status) {
    using Simple = OutboxEmailStatus::Simple;
    if (outbox_status == "sent") {
        return {Simple::kOk, "SENT", true};
    }
    // A final failure: the SMTP server refused or retries ran out (upstream's send error).
    if (outbox_status == "failed") {
        return {Simple::kError, "SERVER_ERROR", true};
    }
    if (outbox_status == "sending") {
        return {Simple::kInProgress, "SENDING", false};
    }
    // "pending": rendered and waiting for (or between) send attempts.
    return {Simple::kInProgress, "QUEUED", false};
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
