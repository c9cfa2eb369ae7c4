#include "domain/email_templates.hpp"

#include "util/mini_template.hpp"

namespace stackd::domain {
namespace {

struct TemplateText {
    const char* subject;
    const char* html_body;  // inside the light theme's container
    const char* text;
};

// The visible text of upstream's TSX templates, word for word.
constexpr TemplateText kEmailVerification = {
    "Verify your email at {{project}}",
    R"(<h3 style="font-weight:bold;font-size:20px;text-align:center;padding:16px 24px;margin:0">Verify your email at {{project}}</h3>
<p style="font-size:14px;text-align:center;padding:8px 24px 16px;margin:0;opacity:0.8">Hi{{#user}}, {{user}}{{/user}}! Please click on the following button to verify your email.</p>
<div style="text-align:center;padding:12px 24px"><a href="{{link}}" style="color:#000;font-weight:bold;font-size:14px;display:inline-block;background:#f0f0f0;border-radius:4px;padding:12px 20px;text-decoration:none" target="_blank">Verify my email</a></div>
<div style="padding:16px 24px"><hr style="opacity:0.2"></div>
<p style="font-size:12px;text-align:center;padding:4px 24px 24px;margin:0;opacity:0.6">If you were not expecting this email, you can safely ignore it.</p>)",
    "VERIFY YOUR EMAIL AT {{project}}\n\nHi{{#user}}, {{user}}{{/user}}! Please click on the following button to verify "
    "your email.\n\nVerify my email {{link}}\n\n--------------------------------------------------------------------------"
    "------\n\nIf you were not expecting this email, you can safely ignore it.\n",
};

constexpr TemplateText kPasswordReset = {
    "Reset your password at {{project}}",
    R"(<h3 style="font-weight:bold;font-size:20px;text-align:center;padding:16px 24px;margin:0">Reset your password at {{project}}</h3>
<p style="font-size:14px;text-align:center;padding:8px 24px 16px;margin:0;opacity:0.8">Hi{{#user}}, {{user}}{{/user}}! Please click on the following button to start the password reset process.</p>
<div style="text-align:center;padding:12px 24px"><a href="{{link}}" style="color:#000;font-weight:bold;font-size:14px;display:inline-block;background:#f0f0f0;border-radius:4px;padding:12px 20px;text-decoration:none" target="_blank">Reset my password</a></div>
<div style="padding:16px 24px"><hr style="opacity:0.2"></div>
<p style="font-size:12px;text-align:center;padding:4px 24px 24px;margin:0;opacity:0.6">If you were not expecting this email, you can safely ignore it.</p>)",
    "RESET YOUR PASSWORD AT {{project}}\n\nHi{{#user}}, {{user}}{{/user}}! Please click on the following button to "
    "start the password reset process.\n\nReset my password {{link}}\n\n-------------------------------------------------"
    "-------------------------------\n\nIf you were not expecting this email, you can safely ignore it.\n",
};

constexpr TemplateText kMagicLink = {
    "Sign in to {{project}}: Your code is {{otp}}",
    R"(<h3 style="font-weight:bold;font-size:20px;text-align:center;padding:16px 24px;margin:0">Sign in to {{project}}</h3>
<p style="font-size:14px;text-align:center;padding:16px 24px;margin:0;opacity:0.8">Hi{{#user}}, {{user}}{{/user}}! This is your one-time-password for signing in:</p>
<p style="font-size:24px;font-family:monospace;font-weight:bold;text-align:center;padding:16px 24px;margin:0">{{otp}}</p>
<p style="font-size:14px;text-align:center;padding:16px 24px;margin:0">Or you can click on <a href="{{link}}" rel="noopener noreferrer" style="color:#2563eb;text-decoration:underline">this link</a> to sign in</p>
<hr style="opacity:0.2">
<p style="font-size:12px;text-align:center;padding:4px 24px 24px;margin:0;opacity:0.6">If you were not expecting this email, you can safely ignore it.</p>)",
    "SIGN IN TO {{project}}\n\nHi{{#user}}, {{user}}{{/user}}! This is your one-time-password for signing in:\n\n"
    "{{otp}}\n\nOr you can click on this link [{{link}}] to sign in\n\n-------------------------------------------------"
    "-------------------------------\n\nIf you were not expecting this email, you can safely ignore it.\n",
};

constexpr TemplateText kTeamInvitation = {
    "You have been invited to join {{team}}",
    R"(<h3 style="font-weight:bold;font-size:20px;text-align:center;padding:32px 24px 0;margin:0">You are invited to {{team}}</h3>
<p style="font-size:14px;text-align:center;padding:8px 24px 16px;margin:0;opacity:0.8">Hi{{#user}}, {{user}}{{/user}}! Please click the button below to join the team {{team}}</p>
<div style="text-align:center;padding:12px 24px"><a href="{{link}}" style="color:#000;font-weight:bold;font-size:14px;display:inline-block;background:#f0f0f0;border-radius:6px;padding:12px 20px;text-decoration:none" target="_blank">Join team</a></div>
<div style="padding:16px 24px"><hr style="opacity:0.2"></div>
<p style="font-size:12px;text-align:center;padding:4px 24px 24px;margin:0;opacity:0.6">If you were not expecting this email, you can safely ignore it.</p>)",
    "YOU ARE INVITED TO {{team}}\n\nHi{{#user}}, {{user}}{{/user}}! Please click the button below to join the team "
    "{{team}}\n\nJoin team {{link}}\n\n--------------------------------------------------------------------------"
    "------\n\nIf you were not expecting this email, you can safely ignore it.\n",
};

constexpr TemplateText kSignInInvitation = {
    "You have been invited to sign in to {{project}}",
    R"(<h3 style="font-weight:bold;font-size:20px;text-align:center;padding:32px 24px 0;margin:0">You are invited to sign in to {{teamDisplayName}}</h3>
<p style="font-size:14px;text-align:center;padding:8px 24px 16px;margin:0;opacity:0.8">Hi{{#user}}, {{user}}{{/user}}! Please click on the following link to sign in to your account</p>
<div style="text-align:center;padding:12px 24px"><a href="{{link}}" style="color:#000;font-weight:bold;font-size:14px;display:inline-block;background:#e5e7eb;border-radius:6px;padding:12px 20px;text-decoration:none" target="_blank">Sign in</a></div>
<div style="padding:16px 24px"><hr style="opacity:0.2"></div>
<p style="font-size:12px;text-align:center;padding:4px 24px 24px;margin:0;opacity:0.6">If you were not expecting this email, you can safely ignore it.</p>)",
    "YOU ARE INVITED TO SIGN IN TO {{teamDisplayName}}\n\nHi{{#user}}, {{user}}{{/user}}! Please click on the following "
    "link to sign in to your account\n\nSign in {{link}}\n\n--------------------------------------------------------------"
    "------------------\n\nIf you were not expecting this email, you can safely ignore it.\n",
};

constexpr TemplateText kPaymentReceipt = {
    "Your receipt from {{project}}",
    R"(<h3 style="color:#000;font-weight:bold;font-size:20px;text-align:center;padding:16px 24px;margin:0">Thanks for your purchase</h3>
<p style="color:#474849;font-size:14px;text-align:center;padding:8px 24px 16px;margin:0">Hi{{#user}}, {{user}}{{/user}}! Your payment for {{productName}} is complete.</p>
<div style="padding:0 24px"><p style="color:#000;font-weight:bold;font-size:16px;text-align:center;margin:0">Total paid: {{amount}}</p>
<p style="color:#474849;font-size:13px;text-align:center;margin:8px 0 0">Quantity: {{quantity}}</p></div>
{{#receiptLink}}<div style="text-align:center;padding:16px 24px"><a href="{{receiptLink}}" style="color:#000;font-weight:bold;font-size:14px;display:inline-block;background:#f0f0f0;border-radius:4px;padding:12px 20px;text-decoration:none" target="_blank">View receipt</a></div>
{{/receiptLink}}<div style="padding:16px 24px"><hr></div>)",
    "THANKS FOR YOUR PURCHASE\n\nHi{{#user}}, {{user}}{{/user}}! Your payment for {{productName}} is complete.\n\n"
    "Total paid: {{amount}}\n\nQuantity: {{quantity}}\n\n{{#receiptLink}}View receipt {{receiptLink}}\n\n{{/receiptLink}}"
    "--------------------------------------------------------------------------------\n",
};

constexpr TemplateText kPaymentFailed = {
    "Payment failed for {{project}}",
    R"(<h3 style="color:#000;font-weight:bold;font-size:20px;text-align:center;padding:16px 24px;margin:0">We couldn&#x27;t process your payment</h3>
<p style="color:#474849;font-size:14px;text-align:center;padding:8px 24px 16px;margin:0">Hi{{#user}}, {{user}}{{/user}}! Your payment for {{productName}} ({{amount}}) did not go through.</p>
{{#failureReason}}<p style="color:#8a8b8b;font-size:12px;text-align:center;padding:0 24px 8px;margin:0">Reason: {{failureReason}}</p>
{{/failureReason}}{{#invoiceUrl}}<div style="text-align:center;padding:12px 24px"><a href="{{invoiceUrl}}" style="color:#000;font-weight:bold;font-size:14px;display:inline-block;background:#f0f0f0;border-radius:4px;padding:12px 20px;text-decoration:none" target="_blank">View invoice</a></div>
{{/invoiceUrl}}<div style="padding:16px 24px"><hr></div>
<p style="color:#474849;font-size:12px;text-align:center;padding:4px 24px 24px;margin:0">Please update your payment details to avoid service interruption.</p>)",
    "WE COULDN'T PROCESS YOUR PAYMENT\n\nHi{{#user}}, {{user}}{{/user}}! Your payment for {{productName}} ({{amount}}) did "
    "not go through.\n\n{{#failureReason}}Reason: {{failureReason}}\n\n{{/failureReason}}{{#invoiceUrl}}View invoice "
    "{{invoiceUrl}}\n\n{{/invoiceUrl}}--------------------------------------------------------------------------------\n\n"
    "Please update your payment details to avoid service interruption.\n",
};

// Upstream's built-in themes (platform.md §2.6): a page, a centred 600px container and,
// for mail a user can unsubscribe from, upstream's footer link. `{{page}}`/`{{box}}` are
// the page and container colours.
constexpr const char* kThemeLayout =
    R"(<!DOCTYPE html><html><head><meta content="text/html; charset=UTF-8" http-equiv="Content-Type"><meta name="x-apple-disable-message-reformatting"></head>
<body style="background-color:{{page}};color:{{ink}};font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;margin:0;padding:32px 0">
<div style="max-width:600px;margin:0 auto;background:{{box}};border-radius:8px;padding:32px 0">
{{body}}
</div>
{{footer}}</body></html>
)";

constexpr const char* kUnsubscribeFooter =
    R"(<div style="padding:16px;opacity:0.6;text-align:center"><a href="{{link}}" style="color:#2563eb" target="_blank" rel="noopener noreferrer">Click here</a> to unsubscribe from these emails</div>
)";

constexpr const char* kDarkThemeId = "a0172b5d-cff0-463b-83bb-85124697373a";
constexpr const char* kColorfulThemeId = "c7e2d94f-8a1b-4e6d-b3f5-9d0a2e7c1b8f";

const TemplateText& TextOf(EmailTemplate email_template) {
    switch (email_template) {
        case EmailTemplate::kEmailVerification:
            return kEmailVerification;
        case EmailTemplate::kPasswordReset:
            return kPasswordReset;
        case EmailTemplate::kMagicLink:
            return kMagicLink;
        case EmailTemplate::kTeamInvitation:
            return kTeamInvitation;
        case EmailTemplate::kSignInInvitation:
            return kSignInInvitation;
        case EmailTemplate::kPaymentReceipt:
            return kPaymentReceipt;
        case EmailTemplate::kPaymentFailed:
            return kPaymentFailed;
    }
    return kEmailVerification;
}

std::string LinkVariable(EmailTemplate email_template) {
    switch (email_template) {
        case EmailTemplate::kEmailVerification:
            return "emailVerificationLink";
        case EmailTemplate::kPasswordReset:
            return "passwordResetLink";
        case EmailTemplate::kMagicLink:
            return "magicLink";
        case EmailTemplate::kTeamInvitation:
            return "teamInvitationLink";
        case EmailTemplate::kSignInInvitation:
            return "signInInvitationLink";
        case EmailTemplate::kPaymentReceipt:
        case EmailTemplate::kPaymentFailed:
            return "";
    }
    return "";
}

}  // namespace

const char* EmailTemplateName(EmailTemplate email_template) {
    switch (email_template) {
        case EmailTemplate::kEmailVerification:
            return "email_verification";
        case EmailTemplate::kPasswordReset:
            return "password_reset";
        case EmailTemplate::kMagicLink:
            return "magic_link";
        case EmailTemplate::kTeamInvitation:
            return "team_invitation";
        case EmailTemplate::kSignInInvitation:
            return "sign_in_invitation";
        case EmailTemplate::kPaymentReceipt:
            return "payment_receipt";
        case EmailTemplate::kPaymentFailed:
            return "payment_failed";
    }
    return "";
}

const char* EmailTemplateId(EmailTemplate email_template) {
    switch (email_template) {
        case EmailTemplate::kEmailVerification:
            return "e7d009ce-8d47-4528-b245-5bf119f2ffa3";
        case EmailTemplate::kPasswordReset:
            return "a70fb3a4-56c1-4e42-af25-49d25603abd0";
        case EmailTemplate::kMagicLink:
            return "822687fe-8d0a-4467-a0d1-416b6e639478";
        case EmailTemplate::kTeamInvitation:
            return "e84de395-2076-4831-9c19-8e9a96a868e4";
        case EmailTemplate::kSignInInvitation:
            return "066dd73c-36da-4fd0-b6d6-ebf87683f8bc";
        case EmailTemplate::kPaymentReceipt:
            return "70372aee-0441-4d80-974c-2e858e40123a";
        case EmailTemplate::kPaymentFailed:
            return "f64b1afe-27ec-4a28-a277-7178f3261f9a";
    }
    return "";
}

const std::vector<EmailTemplate>& AllEmailTemplates() {
    static const std::vector<EmailTemplate> kAll = {
        EmailTemplate::kEmailVerification, EmailTemplate::kPasswordReset,    EmailTemplate::kMagicLink,
        EmailTemplate::kTeamInvitation,    EmailTemplate::kSignInInvitation, EmailTemplate::kPaymentReceipt,
        EmailTemplate::kPaymentFailed};
    return kAll;
}

std::optional<EmailTemplate> FindEmailTemplateById(const std::string& id) {
    for (const EmailTemplate email_template : AllEmailTemplates()) {
        if (id == EmailTemplateId(email_template)) {
            return email_template;
        }
    }
    return std::nullopt;
}

RenderedEmail RenderEmailBody(EmailTemplate email_template, const std::string& project_display_name,
                              const std::optional<std::string>& user_display_name,
                              const std::map<std::string, std::string>& variables) {
    const TemplateText& text = TextOf(email_template);
    // Template variables first, so they can never replace the project or user names.
    std::map<std::string, std::string> values = variables;
    values["project"] = project_display_name;
    values["user"] = user_display_name.value_or("");
    if (const auto link = variables.find(LinkVariable(email_template)); link != variables.end()) {
        values["link"] = link->second;
    }
    if (const auto otp = variables.find("otp"); otp != variables.end()) {
        values["otp"] = otp->second;
    }
    if (const auto team = variables.find("teamDisplayName"); team != variables.end()) {
        values["team"] = team->second;
    }
    RenderedEmail rendered;
    rendered.subject = util::RenderMiniTemplate(text.subject, values, false);
    rendered.html = util::RenderMiniTemplate(text.html_body, values, true);
    rendered.text = util::RenderMiniTemplate(text.text, values, false);
    auto masked = values;
    if (masked.count("otp")) {
        masked["otp"] = "******";
    }
    rendered.loggable_subject = util::RenderMiniTemplate(text.subject, masked, false);
    return rendered;
}

std::string WrapInTheme(const std::string& theme_id, const std::string& body_html,
                        const std::optional<std::string>& unsubscribe_link) {
    std::map<std::string, std::string> values = {{"page", "#fafbfb"}, {"box", "#ffffff"}, {"ink", "#000000"}};
    if (theme_id == kDarkThemeId) {
        values = {{"page", "#323232"}, {"box", "#000000"}, {"ink", "#ffffff"}};
    } else if (theme_id == kColorfulThemeId) {
        values = {{"page", "#eef2ff"}, {"box", "#ffffff"}, {"ink", "#1e1b4b"}};
    }
    values["footer"] = unsubscribe_link
                           ? util::RenderMiniTemplate(kUnsubscribeFooter, {{"link", *unsubscribe_link}}, true)
                           : std::string();
    // The body and footer are already escaped: the layout substitutes them verbatim.
    values["body"] = body_html;
    return util::RenderMiniTemplate(kThemeLayout, values, false);
}

RenderedEmail RenderEmail(EmailTemplate email_template, const std::string& project_display_name,
                          const std::optional<std::string>& user_display_name,
                          const std::map<std::string, std::string>& variables) {
    RenderedEmail rendered = RenderEmailBody(email_template, project_display_name, user_display_name, variables);
    rendered.html = WrapInTheme(kDefaultEmailThemeId, rendered.html, std::nullopt);
    return rendered;
}

}  // namespace stackd::domain
