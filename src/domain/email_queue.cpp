#include "domain/email_queue.hpp"

namespace stackd::domain {

std::string EmailQueue::EnqueueIn(storage::Connection& db, const TenancyView& tenancy,
                                  const EmailRequest& request) const {
    NewOutboxEmail email;
    email.content.template_id = EmailTemplateId(request.email_template);
    for (const auto& [name, value] : request.variables) {
        email.content.variables[name] = value;
    }
    const auto& theme = tenancy.config["emails"]["selectedThemeId"];
    email.content.theme_id = theme.is_string() ? theme.get<std::string>() : std::string(kDefaultEmailThemeId);
    email.to = request.user_id ? nlohmann::json{{"type", "user-custom-emails"},
                                                {"user_id", *request.user_id},
                                                {"emails", {request.to}}}
                               : nlohmann::json{{"type", "custom-emails"}, {"emails", {request.to}}};
    email.user_display_name = request.user_display_name;
    email.is_high_priority = true;
    email.skip_deliverability_check = request.skip_deliverability_check;
    email.template_name = EmailTemplateName(request.email_template);
    return writer_.Enqueue(db, tenancy, email);
}

}  // namespace stackd::domain
