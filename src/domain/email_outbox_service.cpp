#include "domain/email_outbox_service.hpp"

#include <algorithm>
#include <set>

#include "errors/known_error.hpp"

namespace stackd::domain {
namespace {

using errors::ErrorCode;
using errors::KnownError;
using errors::StatusError;
using nlohmann::json;

const std::set<std::string> kEditableStatuses = {"PAUSED",    "PREPARING", "RENDERING",   "RENDER_ERROR",
                                                 "SCHEDULED", "QUEUED",    "SERVER_ERROR"};

[[noreturn]] void ThrowNotEditable(const std::string& id, const std::string& status) {
    throw KnownError::Formatted(ErrorCode::kEmailNotEditable, {{"email_id", id}, {"status", status}}, id, status);
}

OutboxEmail Require(storage::Connection& db, const std::string& tenancy_id, const std::string& id) {
    auto email = email_outbox_repository::Find(db, tenancy_id, id);
    if (!email) {
        throw StatusError(404, "Email not found");
    }
    return *email;
}

bool ChangesContent(const OutboxEmailPatch& patch) {
    return patch.tsx_source || patch.set_theme_id || patch.to || patch.variables;
}

}  // namespace

email_outbox_repository::Page EmailOutboxService::List(const std::string& tenancy_id,
                                                       const email_outbox_repository::ListQuery& query) const {
    const int64_t now = clock_.NowMillis();
    return store_.ReadValue(
        [&](storage::Connection& db) { return email_outbox_repository::List(db, tenancy_id, query, now); });
}

OutboxEmail EmailOutboxService::Get(const std::string& tenancy_id, const std::string& id) const {
    return store_.ReadValue([&](storage::Connection& db) { return Require(db, tenancy_id, id); });
}

OutboxEmail EmailOutboxService::Update(const TenancyView& tenancy, const std::string& id,
                                       const OutboxEmailPatch& patch) const {
    const std::string& tenancy_id = tenancy.tenancy->id;
    return store_.WriteValue([&](storage::Connection& db) {
        const int64_t now = clock_.NowMillis();
        const OutboxEmail email = Require(db, tenancy_id, id);
        const std::string status = OutboxDbStatus(email, now);
        if (!kEditableStatuses.count(status) || (patch.cancel && email.skipped_reason)) {
            ThrowNotEditable(id, status);
        }
        // Every write below is conditional on the row being as read: a worker that claimed
        // it in between wins, and the caller learns the email is no longer editable.
        const storage::Params guard = {tenancy_id, id, email.state, int64_t{email.is_paused ? 1 : 0}};
        const std::string where =
            " WHERE tenancy_id = $1 AND id = $2 AND kind = 'email' AND status = $3 AND is_paused = $4";
        int64_t changed = 0;
        if (patch.cancel) {
            storage::Params params = guard;
            params.push_back(now);
            changed = db.Execute(
                "UPDATE outbox SET status = 'skipped', is_paused = 0, skipped_reason = 'MANUALLY_CANCELLED', "
                "skipped_details = '{}', lease_owner = NULL, lease_until = NULL, updated_at = $5" +
                    where,
                params);
        } else {
            json payload = email.payload;
            std::string state = email.state;
            std::optional<std::string> render_error = email.render_error;
            json attempt_errors = email.send_attempt_errors;
            // As SQL values directly: GCC 12 misreads optionals copied into variants.
            storage::Value started =
                email.started_sending_at_ms ? storage::Value(*email.started_sending_at_ms) : storage::Null();
            storage::Value finished =
                email.finished_sending_at_ms ? storage::Value(*email.finished_sending_at_ms) : storage::Null();
            std::optional<std::string> last_error = email.last_error;
            int64_t attempts_reset = 0;
            const int64_t scheduled_at = patch.scheduled_at_ms.value_or(email.ScheduledAt());
            int64_t next_attempt_at = email.next_attempt_at_ms;
            if (patch.scheduled_at_ms) {
                const bool retrying = attempt_errors.is_array() && !attempt_errors.empty() && state == "pending";
                next_attempt_at = retrying ? std::max(scheduled_at, email.next_attempt_at_ms) : scheduled_at;
            }
            if (patch.skip_deliverability_check) {
                payload["skip_deliverability_check"] = *patch.skip_deliverability_check;
            }
            if (ChangesContent(patch)) {
                if (patch.tsx_source) {
                    payload["tsx_source"] = *patch.tsx_source;
                }
                if (patch.set_theme_id) {
                    payload["theme_id"] = patch.theme_id ? json(*patch.theme_id) : json(nullptr);
                }
                if (patch.to) {
                    payload["to"] = *patch.to;
                    payload.erase("user_display_name");
                }
                if (patch.variables) {
                    payload["variables"] = *patch.variables;
                }
                render_error = writer_.Render(db, tenancy, payload);
                state = "pending";
                attempt_errors = nullptr;
                started = storage::Null();
                finished = storage::Null();
                last_error.reset();
                attempts_reset = 1;
                next_attempt_at = scheduled_at;
            }
            const bool paused = patch.is_paused.value_or(email.is_paused);
            storage::Params params = guard;
            params.push_back(payload.dump());
            params.push_back(state);
            params.push_back(render_error ? storage::Value(*render_error) : storage::Null());
            params.push_back(attempt_errors.is_null() ? storage::Null() : storage::Value(attempt_errors.dump()));
            params.push_back(started);
            params.push_back(finished);
            params.push_back(last_error ? storage::Value(*last_error) : storage::Null());
            params.push_back(scheduled_at);
            params.push_back(next_attempt_at);
            params.push_back(int64_t{paused ? 1 : 0});
            params.push_back(now);
            params.push_back(attempts_reset);
            changed = db.Execute(
                "UPDATE outbox SET payload = $5, status = $6, render_error = $7, send_attempt_errors = $8, "
                "started_sending_at = $9, finished_sending_at = $10, last_error = $11, scheduled_at = $12, "
                "next_attempt_at = $13, is_paused = $14, updated_at = $15, "
                "attempts = CASE WHEN $16 = 1 THEN 0 ELSE attempts END" +
                    where,
                params);
        }
        if (changed != 1) {
            ThrowNotEditable(id, OutboxDbStatus(Require(db, tenancy_id, id), now));
        }
        return Require(db, tenancy_id, id);
    });
}

}  // namespace stackd::domain
