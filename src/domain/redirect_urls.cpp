#include "domain/redirect_urls.hpp"

#include <optional>
#include <regex>

#include <curl/curl.h>

namespace stackd::domain {
namespace {

struct ParsedUrl {
    std::string scheme;
    std::string host;
    std::string port;  // effective: the scheme's default when absent
};

std::optional<ParsedUrl> Parse(const std::string& text) {
    CURLU* url = curl_url();
    std::optional<ParsedUrl> parsed;
    if (curl_url_set(url, CURLUPART_URL, text.c_str(), 0) == CURLUE_OK) {
        char* scheme = nullptr;
        char* host = nullptr;
        char* port = nullptr;
        if (curl_url_get(url, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
            curl_url_get(url, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
            curl_url_get(url, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
            parsed = ParsedUrl{scheme, host, port};
            for (auto& c : parsed->host) {
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            }
        }
        curl_free(scheme);
        curl_free(host);
        curl_free(port);
    }
    curl_url_cleanup(url);
    return parsed;
}

std::string DefaultPort(const std::string& scheme) {
    if (scheme == "https") {
        return "443";
    }
    if (scheme == "http") {
        return "80";
    }
    return "";
}

bool IsLocalhost(const std::string& host) {
    static const std::regex kLoopback(R"(^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$)");
    return host == "localhost" || (host.size() > 10 && host.compare(host.size() - 10, 10, ".localhost") == 0) ||
           std::regex_match(host, kLoopback);
}

// `**` matches anything, `*` anything but dots; anchored; everything else literal.
bool WildcardMatch(const std::string& pattern, const std::string& text) {
    std::string regex = "^";
    for (size_t index = 0; index < pattern.size(); ++index) {
        if (pattern[index] == '*') {
            if (index + 1 < pattern.size() && pattern[index + 1] == '*') {
                regex += ".*";
                ++index;
            } else {
                regex += "[^.]*";
            }
        } else if (std::isalnum(static_cast<unsigned char>(pattern[index]))) {
            regex.push_back(pattern[index]);
        } else {
            regex += std::string("\\") + pattern[index];
        }
    }
    return std::regex_match(text, std::regex(regex + "$", std::regex::icase));
}

bool MatchesBaseUrl(const ParsedUrl& url, const std::string& base_url) {
    if (base_url.find('*') == std::string::npos) {
        const auto base = Parse(base_url);
        return base && base->scheme == url.scheme && base->host == url.host && base->port == url.port;
    }
    const auto separator = base_url.find("://");
    if (separator == std::string::npos || base_url.substr(0, separator) != url.scheme) {
        return false;
    }
    std::string host_pattern = base_url.substr(separator + 3);
    host_pattern = host_pattern.substr(0, host_pattern.find_first_of("/?#"));
    if (host_pattern.find(':') != std::string::npos) {
        return WildcardMatch(host_pattern, url.host + ":" + url.port);
    }
    return url.port == DefaultPort(url.scheme) && WildcardMatch(host_pattern, url.host);
}

}  // namespace

bool IsRedirectUrlTrusted(const std::string& text, const nlohmann::json& config) {
    const auto url = Parse(text);
    if (!url) {
        return false;
    }
    const auto& allow_localhost = config["domains"]["allowLocalhost"];
    if (allow_localhost.is_boolean() && allow_localhost.get<bool>() && IsLocalhost(url->host)) {
        return true;
    }
    for (const auto& [id, domain] : config["domains"]["trustedDomains"].items()) {
        if (domain.contains("baseUrl") && domain["baseUrl"].is_string() &&
            MatchesBaseUrl(*url, domain["baseUrl"].get<std::string>())) {
            return true;
        }
    }
    return false;
}

}  // namespace stackd::domain
