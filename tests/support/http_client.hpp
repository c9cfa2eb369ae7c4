#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace stackd::testing {

struct HttpResponse {
    long status = 0;
    std::map<std::string, std::string> headers;  // lower-cased names
    std::string body;

    nlohmann::json Json() const { return nlohmann::json::parse(body); }
    bool HasHeader(const std::string& name) const { return headers.count(name) > 0; }
    std::string Header(const std::string& name) const {
        auto found = headers.find(name);
        return found == headers.end() ? std::string() : found->second;
    }
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// A small libcurl client for integration tests (one connection per call).
HttpResponse Send(const std::string& method, const std::string& url, const Headers& headers = {},
                  const std::string& body = "");

}  // namespace stackd::testing
