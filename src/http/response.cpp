#include "http/response.hpp"

#include <strings.h>

namespace stackd::http {

void Response::SetHeader(const std::string& name, std::string value) {
    for (auto& [key, existing] : headers) {
        if (strcasecmp(key.c_str(), name.c_str()) == 0) {
            existing = std::move(value);
            return;
        }
    }
    headers.emplace_back(name, std::move(value));
}

const std::string* Response::FindHeader(const std::string& name) const {
    for (const auto& [key, value] : headers) {
        if (strcasecmp(key.c_str(), name.c_str()) == 0) {
            return &value;
        }
    }
    return nullptr;
}

Response Response::Json(int status, const nlohmann::json& body, bool pretty) {
    Response response;
    response.status = status;
    response.SetHeader("content-type", "application/json; charset=utf-8");
    // Invalid UTF-8 in stored strings must not abort the response: replace it.
    response.body = body.dump(pretty ? 2 : -1, ' ', false, nlohmann::json::error_handler_t::replace);
    return response;
}

Response Response::Text(int status, std::string body) {
    Response response;
    response.status = status;
    response.SetHeader("content-type", "text/plain; charset=utf-8");
    response.body = std::move(body);
    return response;
}

Response Response::Empty(int status) {
    Response response;
    response.status = status;
    return response;
}

}  // namespace stackd::http
