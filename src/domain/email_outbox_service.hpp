#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "domain/email_outbox.hpp"
#include "domain/projects.hpp"
#include "storage/store.hpp"
#include "util/clock.hpp"

namespace stackd::domain {

// An edit of an outbox email (PATCH /emails/outbox/{id}); unset fields stay.
struct OutboxEmailPatch {
    std::optional<std::string> tsx_source;
    bool set_theme_id = false;
    std::optional<std::string> theme_id;  // with set_theme_id: nullopt means no theme
    std::optional<nlohmann::json> to;     // API recipient
    std::optional<nlohmann::json> variables;
    std::optional<bool> skip_deliverability_check;
    std::optional<int64_t> scheduled_at_ms;
    std::optional<bool> is_paused;
    bool cancel = false;
};

// Reading and editing a tenancy's email outbox (platform.md §2.8). Only emails that have
// not started sending (or failed for good) can be edited; a content change renders the
// email again and resets its send state.
class EmailOutboxService {
public:
    EmailOutboxService(storage::Store& store, const util::Clock& clock, const EmailOutboxWriter& writer)
        : store_(store), clock_(clock), writer_(writer) {}

    email_outbox_repository::Page List(const std::string& tenancy_id,
                                       const email_outbox_repository::ListQuery& query) const;
    // 404 "Email not found".
    OutboxEmail Get(const std::string& tenancy_id, const std::string& id) const;
    // 404 "Email not found"; EMAIL_NOT_EDITABLE in any other state.
    OutboxEmail Update(const TenancyView& tenancy, const std::string& id, const OutboxEmailPatch& patch) const;

    int64_t Now() const { return clock_.NowMillis(); }

private:
    storage::Store& store_;
    const util::Clock& clock_;
    const EmailOutboxWriter& writer_;
};

}  // namespace stackd::domain
