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

// Upstream's "Default Light" theme: grey page, centred white 600px container.
constexpr const char* kLightTheme =
    R"(<!DOCTYPE html><html><head><meta content="text/html; charset=UTF-8" http-equiv="Content-Type"><meta name="x-apple-disable-message-reformatting"></head>
<body style="background-color:#f6f6f6;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;margin:0;padding:32px 0">
<div style="max-width:600px;margin:0 auto;background:#ffffff;border-radius:8px;padding:32px 0">
{{body}}
</div>
</body></html>
)";

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
    }
    return "";
}

RenderedEmail RenderEmail(EmailTemplate email_template, const std::string& project_display_name,
                          const std::optional<std::string>& user_display_name,
                          const std::map<std::string, std::string>& variables) {
    const TemplateText& text = TextOf(email_template);
    std::map<std::string, std::string> values = {{"project", project_display_name},
                                                 {"user", user_display_name.value_or("")}};
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
    const std::string body = util::RenderMiniTemplate(text.html_body, values, true);
    // The body is already escaped: the theme substitutes it verbatim.
    rendered.html = util::RenderMiniTemplate(kLightTheme, {{"body", body}}, false);
    rendered.text = util::RenderMiniTemplate(text.text, values, false);
    auto masked = values;
    if (masked.count("otp")) {
        masked["otp"] = "******";
    }
    rendered.loggable_subject = util::RenderMiniTemplate(text.subject, masked, false);
    return rendered;
}

}  // namespace stackd::domain
