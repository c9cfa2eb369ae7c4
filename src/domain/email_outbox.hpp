#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/email_rendering.hpp"
#include "domain/projects.hpp"
#include "domain/verification_codes.hpp"
#include "storage/store.hpp"
#include "util/clock.hpp"

namespace stackd::domain {

// One email row of the outbox as upstream's API sees it (platform.md §2.1). Content and
// rendered output live in the payload; scheduling, pause, skip and send state in columns.
struct OutboxEmail {
    std::string tenancy_id;
    std::string id;
    nlohmann::json payload;
    std::string state;  // the generic outbox status: pending, sending, sent, failed, skipped
    int64_t next_attempt_at_ms = 0;
    int64_t created_at_ms = 0;
    int64_t updated_at_ms = 0;
    std::optional<int64_t> scheduled_at_ms;
    bool is_paused = false;
    std::optional<int64_t> started_sending_at_ms;
    std::optional<int64_t> finished_sending_at_ms;
    std::optional<std::string> skipped_reason;
    nlohmann::json skipped_details;
    nlohmann::json send_attempt_errors;  // null or array
    std::optional<std::string> render_error;
    std::optional<std::string> last_error;

    int64_t ScheduledAt() const { return scheduled_at_ms.value_or(created_at_ms); }
};

// Upstream's DB status enum (PAUSED, SKIPPED, RENDER_ERROR, SCHEDULED, QUEUED, SENDING,
// SERVER_ERROR, SENT) and simple status (OK, ERROR, IN_PROGRESS; ignores the pause).
std::string OutboxDbStatus(const OutboxEmail& email, int64_t now_ms);
std::string OutboxDbSimpleStatus(const OutboxEmail& email);

// A new email: content plus how and to whom it is sent.
struct NewOutboxEmail {
    EmailContent content;
    nlohmann::json to;  // API recipient: {type, user_id?, emails?}
    std::optional<std::string> user_display_name;
    bool is_high_priority = false;
    bool skip_deliverability_check = false;
    std::optional<int64_t> scheduled_at_ms;
    std::optional<std::string> template_name;  // built-in template key, for logs
};

// Renders outbox emails and writes them in the caller's transaction. Emails of a category
// users can unsubscribe from get an unsubscribe link (a 30-day code), as upstream.
class EmailOutboxWriter {
public:
    EmailOutboxWriter(const util::Clock& clock, const VerificationCodes& codes, std::string api_base_url)
        : clock_(clock), codes_(codes), api_base_url_(std::move(api_base_url)) {}

    // Returns the outbox id.
    std::string Enqueue(storage::Connection& db, const TenancyView& tenancy, const NewOutboxEmail& email) const;
    // Renders `payload`'s content again (after an edit) into `payload`; the render error, if any.
    std::optional<std::string> Render(storage::Connection& db, const TenancyView& tenancy,
                                      nlohmann::json& payload) const;

    static EmailContent ContentOf(const nlohmann::json& payload);
    static nlohmann::json PayloadOf(const NewOutboxEmail& email);

private:
    const util::Clock& clock_;
    const VerificationCodes& codes_;
    std::string api_base_url_;
};

// Rows of the tenancy's email outbox.
namespace email_outbox_repository {

// SQL for a row's upstream DB status (as OutboxDbStatus computes it), for filters and
// aggregates; `now` is the SQL placeholder or literal of the current time in millis.
std::string StatusSql(const std::string& now);

struct ListQuery {
    std::optional<std::string> db_status;         // e.g. "SENT"
    std::optional<std::string> db_simple_status;  // e.g. "OK"
    int64_t limit = 100;
    std::optional<std::string> cursor;  // id of the first row of the page
};

struct Page {
    std::vector<OutboxEmail> items;
    std::optional<std::string> next_cursor;
};

Page List(storage::Connection& db, const std::string& tenancy_id, const ListQuery& query, int64_t now_ms);
std::optional<OutboxEmail> Find(storage::Connection& db, const std::string& tenancy_id, const std::string& id);

}  // namespace email_outbox_repository
}  // namespace stackd::domain
