#include "api/client_info.hpp"

#include <optional>

#include <boost/asio/ip/address.hpp>

namespace stackd::api {
namespace {

std::string FirstForwarded(const std::string& header) {
    std::string first = header.substr(0, header.find(','));
    first.erase(0, first.find_first_not_of(' '));
    first.erase(first.find_last_not_of(' ') + 1);
    return first;
}

bool IsIpAddress(const std::string& text) {
    boost::system::error_code error;
    boost::asio::ip::make_address(text, error);
    return !error;
}

std::optional<std::string> NonEmptyHeader(const http::Request& request, const char* name) {
    auto value = request.Header(name);
    if (value && value->empty()) {
        return std::nullopt;
    }
    return value;
}

// upstream's getBestEffortEndUserRequestContext(), country only: nothing is known unless the
// caller claims to be a browser and some header names a valid IP; geo headers count when
// the configured proxy vouched for the IP, or (spoofable) when no proxy is configured.
std::optional<std::string> EndUserCountryOf(const http::Request& request, const std::string& trusted_proxy) {
    const auto agent = request.Header("user-agent").value_or("");
    if (agent.find("Mozilla") == std::string::npos && agent.find("Chrome") == std::string::npos &&
        agent.find("Safari") == std::string::npos) {
        return std::nullopt;
    }
    const bool vercel = trusted_proxy == "vercel";
    const bool cloudflare = trusted_proxy == "cloudflare";
    std::optional<std::string> trusted_ip;
    if (vercel) {
        trusted_ip = request.Header("x-vercel-forwarded-for");
    } else if (cloudflare) {
        trusted_ip = request.Header("cf-connecting-ip");
    }
    std::optional<std::string> ip = trusted_ip;
    if (!ip) {
        ip = request.Header("x-real-ip");
    }
    if (!ip) {
        if (auto forwarded = request.Header("x-forwarded-for")) {
            ip = forwarded->substr(0, forwarded->find(','));
        }
    }
    if (!ip && !vercel) {
        ip = request.Header("x-vercel-forwarded-for");
    }
    if (!ip && !cloudflare) {
        ip = request.Header("cf-connecting-ip");
    }
    if (!ip || !IsIpAddress(*ip)) {
        return std::nullopt;
    }
    std::optional<std::string> country;
    if (trusted_ip) {
        country = vercel ? NonEmptyHeader(request, "x-vercel-ip-country") : NonEmptyHeader(request, "cf-ipcountry");
    } else if (trusted_proxy.empty()) {
        country = request.Header("x-vercel-ip-country");
        if (!country) {
            country = request.Header("cf-ipcountry");
        }
        if (country && country->empty()) {
            country.reset();
        }
    }
    return country;
}

}  // namespace

std::string ClientIpOf(const http::Request& request, const std::string& trusted_proxy) {
    if (trusted_proxy == "cloudflare") {
        if (auto header = request.Header("cf-connecting-ip")) {
            return *header;
        }
    } else if (trusted_proxy == "vercel") {
        if (auto header = request.Header("x-vercel-forwarded-for")) {
            return FirstForwarded(*header);
        }
        if (auto forwarded = request.Header("x-forwarded-for")) {
            return FirstForwarded(*forwarded);
        }
    }
    return request.remote_address;
}


domain::ClientInfo ClientInfoOf(const http::Request& request, const std::string& trusted_proxy) {
    const std::string ip = ClientIpOf(request, trusted_proxy);
    nlohmann::json country = nullptr;
    nlohmann::json region = nullptr;
    nlohmann::json city = nullptr;
    if (trusted_proxy == "cloudflare") {
        if (auto header = request.Header("cf-ipcountry")) {
            country = *header;
        }
    } else if (trusted_proxy == "vercel") {
        if (auto header = request.Header("x-vercel-ip-country")) {
            country = *header;
        }
        if (auto header = request.Header("x-vercel-ip-country-region")) {
            region = *header;
        }
        if (auto header = request.Header("x-vercel-ip-city")) {
            city = *header;
        }
    }
    return {{{"ip", ip},
             {"countryCode", country},
             {"regionCode", region},
             {"cityName", city},
             {"latitude", nullptr},
             {"longitude", nullptr},
             {"tzIdentifier", nullptr}},
            EndUserCountryOf(request, trusted_proxy)};
}

}  // namespace stackd::api
