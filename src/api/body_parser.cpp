#include "api/body_parser.hpp"

#include "errors/known_error.hpp"
#include "http/url.hpp"

namespace stackd::api {
namespace {

// Upstream takes everything before the first ';' as is: no trimming, no case folding.
std::string MediaType(const std::string& content_type) { return content_type.substr(0, content_type.find(';')); }

}  // namespace

nlohmann::json ParseBody(const http::Request& request) {
    const auto content_type = request.Header("content-type");
    if (request.method == "GET" || !content_type) {
        return nlohmann::json(nlohmann::json::value_t::discarded);
    }
    const std::string media = MediaType(*content_type);
    if (media.empty()) {
        return nlohmann::json(nlohmann::json::value_t::discarded);
    }
    if (media == "application/json") {
        auto parsed = nlohmann::json::parse(request.body, nullptr, false);
        if (parsed.is_discarded()) {
            throw errors::KnownError(errors::ErrorCode::kBodyParsingError, "Invalid JSON in request body", nullptr);
        }
        return parsed;
    }
    if (media == "application/x-www-form-urlencoded") {
        nlohmann::json fields = nlohmann::json::object();
        for (const auto& [key, value] : http::ParseQuery(request.body)) {
            fields[key] = value;
        }
        return fields;
    }
    if (media == "text/plain" || media == "application/octet-stream") {
        return request.body;
    }
    throw errors::KnownError(errors::ErrorCode::kBodyParsingError, "Unknown content type in request body: " + media,
                             nullptr);
}

}  // namespace stackd::api
