#pragma once

#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "domain/notification_categories.hpp"

namespace stackd::domain {

// What an outbox email is made of (upstream's EmailOutbox content columns, platform.md §2.1).
struct EmailContent {
    std::string tsx_source;
    std::optional<std::string> template_id;  // a programmatic call's template, nullopt for raw HTML
    nlohmann::json variables = nlohmann::json::object();
    std::optional<std::string> theme_id;  // nullopt: no theme
    std::optional<std::string> override_subject;
    std::optional<std::string> override_notification_category_id;
};

struct RenderedContent {
    std::string subject;
    std::string html;
    std::string text;
    std::optional<std::string> notification_category_id;
    bool is_transactional = false;
    std::string loggable_subject;  // the subject with secrets (OTPs) masked
};

struct RenderResult {
    std::optional<RenderedContent> rendered;
    std::string error;  // upstream's external render-error message when not rendered
};

// The TSX source upstream stores for a raw-HTML send (createTemplateComponentFromHtml).
std::string TsxSourceForHtml(const std::string& html);
// The HTML inside such a source; nullopt for any other source.
std::optional<std::string> HtmlFromTsxSource(const std::string& tsx_source);

// Called when the email belongs to a category users can unsubscribe from and the recipient
// is a user: returns the unsubscribe link to put into the email.
using UnsubscribeLinkFactory = std::function<std::optional<std::string>(const NotificationCategory&)>;

// Renders natively what upstream renders with React Email: the built-in templates (by
// template id, when the source is the template's own) and raw-HTML sources. Other TSX
// cannot be executed here and yields upstream's render error.
RenderResult RenderEmailContent(const EmailContent& content, const std::string& project_display_name,
                                const std::optional<std::string>& user_display_name,
                                const UnsubscribeLinkFactory& unsubscribe_link);

// A plain-text rendering of HTML in the style of html-to-text: tags dropped, block elements
// on their own lines, links as "text [href]", entities decoded.
std::string HtmlToText(const std::string& html);

}  // namespace stackd::domain
