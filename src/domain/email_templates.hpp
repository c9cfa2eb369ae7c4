#pragma once

#include <map>
#include <optional>
#include <string>

namespace stackd::domain {

// Upstream's built-in default templates that the auth flows send (platform.md §2.6).
enum class EmailTemplate { kEmailVerification, kPasswordReset, kMagicLink, kTeamInvitation };

const char* EmailTemplateName(EmailTemplate email_template);  // "email_verification", ...
const char* EmailTemplateId(EmailTemplate email_template);    // upstream's template UUID

struct RenderedEmail {
    std::string subject;
    std::string html;
    std::string text;
    // The subject with anything secret (the OTP) masked: the only form that may be logged.
    std::string loggable_subject;
};

// Renders a default template natively with upstream's subject and visible text.
// `variables`: emailVerificationLink / passwordResetLink / magicLink + otp /
// teamInvitationLink + teamDisplayName.
RenderedEmail RenderEmail(EmailTemplate email_template, const std::string& project_display_name,
                          const std::optional<std::string>& user_display_name,
                          const std::map<std::string, std::string>& variables);

}  // namespace stackd::domain
