#pragma once

#include <map>
#include <string>

namespace stackd::util {

// A tiny logic-less template language, enough for the built-in emails:
//   {{name}}              the value, HTML-escaped when `escape_html`
//   {{#name}}...{{/name}} the block only when the value is non-empty
// Unknown names render as "". Values are never re-scanned for tags.
std::string RenderMiniTemplate(const std::string& text, const std::map<std::string, std::string>& values,
                               bool escape_html);

std::string EscapeHtml(const std::string& text);

}  // namespace stackd::util
