#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace stackd::http {

struct Response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    void SetHeader(const std::string& name, std::string value);
    const std::string* FindHeader(const std::string& name) const;

    static Response Json(int status, const nlohmann::json& body, bool pretty = false);
    static Response Text(int status, std::string body);
    static Response Empty(int status);
};

}  // namespace stackd::http
