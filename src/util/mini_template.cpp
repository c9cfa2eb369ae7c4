#include "util/mini_template.hpp"

namespace stackd::util {
namespace {

std::string Lookup(const std::map<std::string, std::string>& values, const std::string& name) {
    const auto found = values.find(name);
    return found == values.end() ? std::string() : found->second;
}

}  // namespace

std::string EscapeHtml(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#x27;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string RenderMiniTemplate(const std::string& text, const std::map<std::string, std::string>& values,
                               bool escape_html) {
    std::string out;
    size_t position = 0;
    while (position < text.size()) {
        const size_t open = text.find("{{", position);
        if (open == std::string::npos) {
            out.append(text, position, std::string::npos);
            break;
        }
        out.append(text, position, open - position);
        const size_t close = text.find("}}", open + 2);
        if (close == std::string::npos) {
            out.append(text, open, std::string::npos);  // an unterminated tag is literal text
            break;
        }
        const std::string tag = text.substr(open + 2, close - open - 2);
        position = close + 2;
        if (!tag.empty() && tag[0] == '#') {
            const std::string name = tag.substr(1);
            const std::string end_tag = "{{/" + name + "}}";
            const size_t end = text.find(end_tag, position);
            const size_t block_end = end == std::string::npos ? text.size() : end;
            if (!Lookup(values, name).empty()) {
                out += RenderMiniTemplate(text.substr(position, block_end - position), values, escape_html);
            }
            position = end == std::string::npos ? text.size() : end + end_tag.size();
            continue;
        }
        const std::string value = Lookup(values, tag);
        out += escape_html ? EscapeHtml(value) : value;
    }
    return out;
}

}  // namespace stackd::util
