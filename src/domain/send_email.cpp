#include "domain/send_email.hpp"

#include <set>

#include "domain/email_templates.hpp"
#include "domain/notification_categories.hpp"
#include "domain/user_repository.hpp"
#include "errors/known_error.hpp"

namespace stackd::domain {
namespace {

using errors::ErrorCode;
using errors::KnownError;
using errors::StatusError;
using nlohmann::json;

KnownError SchemaMessage(const std::string& message) {
    return KnownError(ErrorCode::kSchemaError, message, {{"message", message}});
}

// The content of a template send: a built-in template renders natively (empty source);
// a template of the project's config brings its own TSX source.
void UseTemplate(const json& config, const std::string& template_id, EmailContent& content) {
    const json& templates = config["emails"]["templates"];
    const auto configured = templates.is_object() ? templates.find(template_id) : templates.end();
    if (configured != templates.end() && configured->is_object()) {
        const auto source = configured->find("tsxSource");
        content.tsx_source = source != configured->end() && source->is_string() ? source->get<std::string>() : "";
        if (!FindEmailTemplateById(template_id) || !content.tsx_source.empty()) {
            content.template_id = template_id;
            return;
        }
    }
    if (!FindEmailTemplateById(template_id)) {
        throw StatusError(400, "No template found with given template_id");
    }
    content.template_id = template_id;
    content.tsx_source.clear();
}

std::vector<std::string> Recipients(storage::Connection& db, const std::string& tenancy_id,
                                    const SendEmailInput& input) {
    if (input.all_users) {
        // Every user of the tenancy, anonymous and restricted ones included, as upstream.
        std::vector<std::string> ids;
        for (const auto& row :
             db.Query("SELECT id FROM users WHERE tenancy_id = $1 ORDER BY signed_up_at, id", {tenancy_id})) {
            ids.push_back(row.Text(0));
        }
        return ids;
    }
    // Checked up front so the caller gets the error now rather than a skipped email later.
    std::set<std::string> checked;
    for (const auto& user_id : *input.user_ids) {
        if (checked.insert(user_id).second && !user_repository::Find(db, tenancy_id, user_id)) {
            throw KnownError::Formatted(ErrorCode::kUserIdDoesNotExist, {{"user_id", user_id}}, user_id);
        }
    }
    return *input.user_ids;
}

}  // namespace

std::vector<std::string> SendEmailService::Send(const TenancyView& tenancy, const SendEmailInput& input) const {
    if (tenancy.config["emails"]["server"].value("isShared", true)) {
        throw KnownError(ErrorCode::kRequiresCustomEmailServer);
    }
    if (input.user_ids.has_value() == input.all_users) {
        throw SchemaMessage("Exactly one of user_ids or all_users must be provided");
    }
    std::optional<NotificationCategory> category;
    if (input.notification_category_name) {
        category = FindNotificationCategoryByName(*input.notification_category_name);
        if (!category) {
            throw StatusError(400, "Notification category not found with given name");
        }
    }
    NewOutboxEmail email;
    email.is_high_priority = input.is_high_priority;
    email.scheduled_at_ms = input.scheduled_at_ms;
    email.content.override_subject = input.subject && !input.subject->empty() ? input.subject : std::nullopt;
    if (category) {
        email.content.override_notification_category_id = category->id;
    }
    if (input.template_id) {
        UseTemplate(tenancy.config, *input.template_id, email.content);
        email.content.variables = input.variables;
    } else if (input.html) {
        email.content.tsx_source = TsxSourceForHtml(*input.html);
    } else if (input.draft_id) {
        // stackd has no email drafts, so no draft id can name one.
        throw StatusError(400, "No draft found with given draft_id");
    } else {
        throw SchemaMessage("Either template_id, html, or draft_id must be provided");
    }
    if (input.theme_is_false) {
        email.content.theme_id.reset();
    } else if (input.theme_id) {
        email.content.theme_id = input.theme_id;
    } else {
        const json& selected = tenancy.config["emails"]["selectedThemeId"];
        email.content.theme_id = selected.is_string() ? selected.get<std::string>() : kDefaultEmailThemeId;
    }
    return store_.WriteValue([&](storage::Connection& db) {
        const std::vector<std::string> user_ids = Recipients(db, tenancy.tenancy->id, input);
        for (const auto& user_id : user_ids) {
            NewOutboxEmail row = email;
            row.to = {{"type", "user-primary-email"}, {"user_id", user_id}};
            writer_.Enqueue(db, tenancy, row);
        }
        return user_ids;
    });
}

}  // namespace stackd::domain
