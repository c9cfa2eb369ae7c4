#include "api/client_info.hpp"

#include <optional>

#include "domain/sign_up_country.hpp"

namespace stackd::api {
namespace {

std::string FirstForwarded(const std::string& header) {
    std::string first = header.substr(0, header.find(','));
    first.erase(0, first.find_first_not_of(' '));
    first.erase(first.find_last_not_of(' ') + 1);
    return first;
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

namespace {

std::optional<std::string> SignUpCountryOf(const http::Request& request, const std::string& trusted_proxy,
                                           const nlohmann::json& trusted_country) {
    if (!trusted_proxy.empty()) {
        return trusted_country.is_string() ? domain::NormalizedCountryCode(trusted_country.get<std::string>())
                                           : std::nullopt;
    }
    auto header = request.Header("x-vercel-ip-country");
    if (!header || header->empty()) {
        header = request.Header("cf-ipcountry");
    }
    return header ? domain::NormalizedCountryCode(*header) : std::nullopt;
}

}  // namespace

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
            SignUpCountryOf(request, trusted_proxy, country)};
}

}  // namespace stackd::api
