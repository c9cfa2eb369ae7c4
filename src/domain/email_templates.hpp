#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace stackd::domain {

// Upstream's built-in default templates that the auth flows send (platform.md §2.6).
enum class EmailTemplate {
    kEmailVerification,
    kPasswordReset,
    kMagicLink,
    kTeamInvitation,
    kSignInInvitation,
    kPaymentReceipt,
    kPaymentFailed,
};

inline constexpr const char* kDefaultEmailThemeId = "1df07ae6-abf3-4a40-83a5-a1a2cbe336ac";

const char* EmailTemplateName(EmailTemplate email_template);  // "email_verification", ...
const char* EmailTemplateId(EmailTemplate email_template);    // upstream's template UUID
const std::vector<EmailTemplate>& AllEmailTemplates();
std::optional<EmailTemplate> FindEmailTemplateById(const std::string& id);

struct RenderedEmail {
    std::string subject;
    std::string html;
    std::string text;
    // The subject with anything secret (the OTP) masked: the only form that may be logged.
    std::string loggable_subject;
};

// The template's subject, its HTML body (no theme) and its plain text. `variables` are the
// template's own (upstream's names); missing optional ones leave their block out.
RenderedEmail RenderEmailBody(EmailTemplate email_template, const std::string& project_display_name,
                              const std::optional<std::string>& user_display_name,
                              const std::map<std::string, std::string>& variables);

// `body_html` inside built-in theme `theme_id` (unknown ids: the Light theme), with
// upstream's "Click here to unsubscribe" footer when a link is given.
std::string WrapInTheme(const std::string& theme_id, const std::string& body_html,
                        const std::optional<std::string>& unsubscribe_link);

// Renders a default template natively (Light theme) with upstream's subject and visible text.
// `variables`: emailVerificationLink / passwordResetLink / magicLink + otp /
// teamInvitationLink + teamDisplayName.
RenderedEmail RenderEmail(EmailTemplate email_template, const std::string& project_display_name,
                          const std::optional<std::string>& user_display_name,
                          const std::map<std::string, std::string>& variables);

}  // namespace stackd::domain
