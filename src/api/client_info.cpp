#include "api/client_info.hpp"

namespace stackd::api {
namespace {

std::string FirstForwarded(const std::string& header) {
    std::string first = header.substr(0, header.find(','));
    first.erase(0, first.find_first_not_of(' '));
    first.erase(first.find_last_not_of(' ') + 1);
    return first;
}

}  // namespace

domain::ClientInfo ClientInfoOf(const http::Request& request, const std::string& trusted_proxy) {
    std::string ip = request.remote_address;
    nlohmann::json country = nullptr;
    nlohmann::json region = nullptr;
    nlohmann::json city = nullptr;
    if (trusted_proxy == "cloudflare") {
        if (auto header = request.Header("cf-connecting-ip")) {
            ip = *header;
        }
        if (auto header = request.Header("cf-ipcountry")) {
            country = *header;
        }
    } else if (trusted_proxy == "vercel") {
        if (auto header = request.Header("x-vercel-forwarded-for")) {
            ip = FirstForwarded(*header);
        } else if (auto forwarded = request.Header("x-forwarded-for")) {
            ip = FirstForwarded(*forwarded);
        }
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
             {"tzIdentifier", nullptr}}};
}

}  // namespace stackd::api
