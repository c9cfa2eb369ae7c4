#pragma once

#include <map>
#include <string>
#include <string_view>

namespace stackd::http {

// Percent-decodes a URL component; `plus_is_space` for query strings.
std::string PercentDecode(std::string_view text, bool plus_is_space);

// "a=1&b=2&a=3" → {a: "3", b: "2"} (last duplicate wins, as upstream).
std::map<std::string, std::string> ParseQuery(std::string_view query);

}  // namespace stackd::http
