#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/email_outbox.hpp"
#include "domain/projects.hpp"
#include "storage/store.hpp"

namespace stackd::domain {

// POST /emails/send-email, validated (exactly one content variant is set).
struct SendEmailInput {
    std::optional<std::vector<std::string>> user_ids;
    bool all_users = false;
    std::optional<std::string> subject;
    std::optional<std::string> notification_category_name;
    std::optional<std::string> theme_id;  // a theme UUID; nullopt: the project's theme
    bool theme_is_false = false;          // theme_id: false (no theme); null means the project's
    bool is_high_priority = false;
    std::optional<int64_t> scheduled_at_ms;
    std::optional<std::string> html;
    std::optional<std::string> template_id;
    nlohmann::json variables = nlohmann::json::object();
    std::optional<std::string> draft_id;
};

// Sends an email to users of the tenancy through the outbox (platform.md §2.8): one row per
// requested user, addressed to the user's primary email at send time. Needs the project's
// own email server, as upstream.
class SendEmailService {
public:
    SendEmailService(storage::Store& store, const EmailOutboxWriter& writer) : store_(store), writer_(writer) {}

    // The requested user ids, in request order (all users: sign-up order).
    std::vector<std::string> Send(const TenancyView& tenancy, const SendEmailInput& input) const;

private:
    storage::Store& store_;
    const EmailOutboxWriter& writer_;
};

}  // namespace stackd::domain
