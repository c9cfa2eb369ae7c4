#include "domain/email_rendering.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "crypto/json_stringify.hpp"
#include "domain/email_templates.hpp"

namespace stackd::domain {
namespace {

constexpr const char* kHtmlSourcePrefix =
    "export const variablesSchema = v => v;\n"
    "export function EmailTemplate() {\n"
    "  return <>\n"
    "    <div dangerouslySetInnerHTML={{ __html: ";
constexpr const char* kHtmlSourceSuffix =
    "}} />\n"
    "  </>\n"
    "};";

constexpr const char* kRenderError =
    "An error occurred while rendering the email. Make sure the template/draft is valid and the theme is set "
    "correctly.";

std::string VariableText(const nlohmann::json& value) {
    return value.is_string() ? value.get<std::string>() : crypto::JsStringify(value);
}

std::string Lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

// The value of attribute `name` in the tag text `tag` ("a href=..."), or "".
std::string Attribute(const std::string& tag, const std::string& name) {
    const std::string lowered = Lower(tag);
    size_t at = lowered.find(name + "=");
    if (at == std::string::npos) {
        return "";
    }
    at += name.size() + 1;
    if (at < tag.size() && (tag[at] == '"' || tag[at] == '\'')) {
        const char quote = tag[at];
        const size_t end = tag.find(quote, at + 1);
        return tag.substr(at + 1, end == std::string::npos ? std::string::npos : end - at - 1);
    }
    const size_t end = tag.find_first_of(" \t\r\n>", at);
    return tag.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

std::string DecodeEntities(const std::string& text) {
    static const std::map<std::string, std::string> kNamed = {
        {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}, {"#x27", "'"},
        {"#39", "'"}};
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '&') {
            const size_t end = text.find(';', i);
            if (end != std::string::npos && end - i <= 8) {
                const auto named = kNamed.find(text.substr(i + 1, end - i - 1));
                if (named != kNamed.end()) {
                    out += named->second;
                    i = end;
                    continue;
                }
            }
        }
        out += text[i];
    }
    return out;
}

bool IsBlockTag(const std::string& name) {
    static const char* kBlocks[] = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
                                    "table", "tr", "section", "blockquote", "pre", "hr", "br"};
    return std::any_of(std::begin(kBlocks), std::end(kBlocks), [&](const char* block) { return name == block; });
}

// Collapses runs of spaces within lines and blank-line runs to one blank line.
std::string TidyText(const std::string& raw) {
    std::string lines;
    std::string line;
    auto flush = [&](bool keep_empty) {
        const auto first = line.find_first_not_of(' ');
        const auto last = line.find_last_not_of(' ');
        const std::string trimmed = first == std::string::npos ? "" : line.substr(first, last - first + 1);
        if (!trimmed.empty() || keep_empty) {
            lines += trimmed + "\n";
        }
        line.clear();
    };
    bool previous_space = false;
    for (const char c : raw) {
        if (c == '\n') {
            flush(true);
            previous_space = false;
        } else if (c == ' ' || c == '\t' || c == '\r') {
            if (!previous_space) {
                line += ' ';
            }
            previous_space = true;
        } else {
            line += c;
            previous_space = false;
        }
    }
    flush(false);
    std::string out;
    size_t newlines = 0;
    for (const char c : lines) {
        newlines = c == '\n' ? newlines + 1 : 0;
        if (newlines <= 2) {
            out += c;
        }
    }
    // Like html-to-text, no blank lines around the text.
    const auto start = out.find_first_not_of('\n');
    if (start == std::string::npos) {
        return "";
    }
    const auto end = out.find_last_not_of('\n');
    return out.substr(start, end - start + 1);
}

}  // namespace

std::string TsxSourceForHtml(const std::string& html) {
    return std::string(kHtmlSourcePrefix) + crypto::JsStringify(nlohmann::json(html)) + kHtmlSourceSuffix;
}

std::optional<std::string> HtmlFromTsxSource(const std::string& tsx_source) {
    const std::string prefix = kHtmlSourcePrefix;
    const std::string suffix = kHtmlSourceSuffix;
    if (tsx_source.size() < prefix.size() + suffix.size() || tsx_source.compare(0, prefix.size(), prefix) != 0 ||
        tsx_source.compare(tsx_source.size() - suffix.size(), suffix.size(), suffix) != 0) {
        return std::nullopt;
    }
    const auto literal = nlohmann::json::parse(
        tsx_source.substr(prefix.size(), tsx_source.size() - prefix.size() - suffix.size()), nullptr, false);
    if (!literal.is_string()) {
        return std::nullopt;
    }
    return literal.get<std::string>();
}

std::string HtmlToText(const std::string& html) {
    std::string raw;
    std::string pending_href;
    size_t i = 0;
    while (i < html.size()) {
        if (html[i] != '<') {
            const size_t next = html.find('<', i);
            std::string chunk = html.substr(i, next == std::string::npos ? std::string::npos : next - i);
            std::replace(chunk.begin(), chunk.end(), '\n', ' ');
            raw += DecodeEntities(chunk);
            i = next == std::string::npos ? html.size() : next;
            continue;
        }
        const size_t end = html.find('>', i);
        if (end == std::string::npos) {
            break;
        }
        const std::string tag = html.substr(i + 1, end - i - 1);
        i = end + 1;
        const bool closing = !tag.empty() && tag[0] == '/';
        std::string name = Lower(tag.substr(closing ? 1 : 0, tag.find_first_of(" \t\r\n/", closing ? 1 : 0) -
                                                                  (closing ? 1 : 0)));
        if (!closing && (name == "style" || name == "script" || name == "head" || name == "title")) {
            const size_t close = Lower(html).find("</" + name, i);
            i = close == std::string::npos ? html.size() : html.find('>', close) + 1;
            continue;
        }
        if (name == "a") {
            if (!closing) {
                pending_href = DecodeEntities(Attribute(tag, "href"));
            } else if (!pending_href.empty()) {
                raw += " [" + pending_href + "]";
                pending_href.clear();
            }
        } else if (name == "hr" && !closing) {
            raw += "\n\n--------------------------------------------------------------------------------\n\n";
        } else if (name == "br") {
            raw += "\n";
        } else if (IsBlockTag(name)) {
            raw += "\n\n";
        }
    }
    return TidyText(raw);
}

RenderResult RenderEmailContent(const EmailContent& content, const std::string& project_display_name,
                                const std::optional<std::string>& user_display_name,
                                const UnsubscribeLinkFactory& unsubscribe_link) {
    RenderedContent rendered;
    std::string body_html;
    std::optional<NotificationCategory> category;
    const auto built_in = content.template_id ? FindEmailTemplateById(*content.template_id) : std::nullopt;
    if (built_in && content.tsx_source.empty()) {
        std::map<std::string, std::string> variables;
        if (content.variables.is_object()) {
            for (const auto& [name, value] : content.variables.items()) {
                variables[name] = VariableText(value);
            }
        }
        const RenderedEmail email = RenderEmailBody(*built_in, project_display_name, user_display_name, variables);
        rendered.subject = email.subject;
        rendered.loggable_subject = email.loggable_subject;
        rendered.text = email.text;
        body_html = email.html;
        category = TransactionalCategory();  // every built-in template declares Transactional
    } else if (const auto html = HtmlFromTsxSource(content.tsx_source)) {
        body_html = *html;
        rendered.text = HtmlToText(*html);
    } else {
        return {std::nullopt, kRenderError};
    }
    if (content.override_notification_category_id) {
        category = FindNotificationCategoryById(*content.override_notification_category_id);
    }
    if (content.override_subject) {
        rendered.subject = *content.override_subject;
        rendered.loggable_subject = *content.override_subject;
    }
    std::optional<std::string> link;
    if (category && category->can_disable) {
        link = unsubscribe_link(*category);
    }
    if (content.theme_id) {
        rendered.html = WrapInTheme(*content.theme_id, body_html, link);
        if (link) {
            rendered.text += "\n\nClick here [" + *link + "] to unsubscribe from these emails";
        }
    } else {
        rendered.html = body_html;
    }
    if (category) {
        rendered.notification_category_id = category->id;
        rendered.is_transactional = std::string(category->name) == "Transactional";
    }
    return {rendered, ""};
}

}  // namespace stackd::domain
