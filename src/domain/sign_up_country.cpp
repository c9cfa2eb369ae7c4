#include "domain/sign_up_country.hpp"

#include <cctype>
#include <regex>

namespace stackd::domain {

std::optional<std::string> NormalizedCountryCode(const std::string& raw) {
    const auto is_space = [](unsigned char c) { return std::isspace(c) != 0; };
    size_t begin = 0;
    size_t end = raw.size();
    while (begin < end && is_space(static_cast<unsigned char>(raw[begin]))) {
        ++begin;
    }
    while (end > begin && is_space(static_cast<unsigned char>(raw[end - 1]))) {
        --end;
    }
    std::string code = raw.substr(begin, end - begin);
    if (code.size() != 2) {
        return std::nullopt;
    }
    for (char& c : code) {
        const auto letter = static_cast<unsigned char>(c);
        if (letter > 0x7f || !std::isalpha(letter)) {
            return std::nullopt;
        }
        c = static_cast<char>(std::toupper(letter));
    }
    return code;
}

std::optional<std::string> SignUpCountryCode(const std::optional<std::string>& request_country,
                                             const std::optional<std::string>& email, bool email_tags_allowed) {
    if (email && email_tags_allowed) {
        static const std::regex kTagged("^[^+]+\\+([^@]+)@example\\.com$", std::regex::icase);
        std::smatch match;
        if (std::regex_match(*email, match, kTagged)) {
            if (auto tagged = NormalizedCountryCode(match[1].str())) {
                return tagged;
            }
        }
    }
    if (request_country) {
        return NormalizedCountryCode(*request_country);
    }
    return std::nullopt;
}

}  // namespace stackd::domain
