#include "domain/email_queue.hpp"

#include <spdlog/spdlog.h>

#include "jobs/outbox.hpp"

namespace stackd::domain {

std::string EmailQueue::EnqueueIn(storage::Connection& db, const TenancyView& tenancy,
                                  const EmailRequest& request) const {
    const RenderedEmail rendered = RenderEmail(request.email_template, tenancy.project.display_name,
                                               request.user_display_name, request.variables);
    nlohmann::json to = request.user_id
                            ? nlohmann::json{{"type", "user-custom-emails"},
                                             {"user_id", *request.user_id},
                                             {"emails", {request.to}}}
                            : nlohmann::json{{"type", "custom-emails"}, {"emails", {request.to}}};
    const nlohmann::json payload = {
        {"template", EmailTemplateName(request.email_template)},
        {"template_id", EmailTemplateId(request.email_template)},
        {"to", to},
        {"sender_name", tenancy.project.display_name},
        {"subject", rendered.subject},
        {"loggable_subject", rendered.loggable_subject},
        {"html", rendered.html},
        {"text", rendered.text},
        {"is_high_priority", true},
    };
    const std::string id = jobs::outbox::Enqueue(db, tenancy.tenancy->id, jobs::outbox::Kind::kEmail, payload,
                                                 clock_.NowMillis());
    // Only id, recipient and subject (OTP masked): the body holds codes and links.
    if (smtp_configured_) {
        spdlog::info("email {} to {} queued: {}", id, request.to, rendered.loggable_subject);
    } else {
        spdlog::warn("email {} to {} queued, not sent (no SMTP server configured): {}", id, request.to,
                     rendered.loggable_subject);
    }
    return id;
}

}  // namespace stackd::domain
