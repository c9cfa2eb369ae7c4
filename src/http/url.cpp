#include "http/url.hpp"

#include <curl/curl.h>

namespace stackd::http {

std::string PercentDecode(std::string_view text, bool plus_is_space) {
    std::string input(text);
    if (plus_is_space) {
        for (auto& c : input) {
            if (c == '+') {
                c = ' ';
            }
        }
    }
    int length = 0;
    // curl_easy_unescape accepts a null handle; it only decodes %XX sequences.
    char* decoded = curl_easy_unescape(nullptr, input.data(), static_cast<int>(input.size()), &length);
    if (decoded == nullptr) {
        return input;
    }
    std::string out(decoded, static_cast<size_t>(length));
    curl_free(decoded);
    return out;
}

std::map<std::string, std::string> ParseQuery(std::string_view query) {
    std::map<std::string, std::string> out;
    size_t start = 0;
    while (start < query.size()) {
        size_t end = query.find('&', start);
        if (end == std::string_view::npos) {
            end = query.size();
        }
        const std::string_view pair = query.substr(start, end - start);
        if (!pair.empty()) {
            const size_t equals = pair.find('=');
            const auto key = PercentDecode(pair.substr(0, equals), true);
            const auto value = equals == std::string_view::npos ? std::string() : PercentDecode(pair.substr(equals + 1), true);
            out[key] = value;
        }
        start = end + 1;
    }
    return out;
}

}  // namespace stackd::http
