#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace stackd::http {

// A parsed HTTP request, independent of Beast so route code never sees Asio.
struct Request {
    std::string method;                                   // "GET", "POST", ...
    std::string target;                                   // as sent: path plus query
    std::string path;                                     // decoded path without the query
    std::map<std::string, std::string> query;             // last duplicate wins, as upstream
    std::map<std::string, std::vector<std::string>> headers;  // lower-cased names
    std::string body;
    std::string remote_address;
    std::string request_id;  // assigned by the pipeline

    // First value of a header, or nullopt. Upstream treats empty values as absent in
    // most places; callers decide.
    std::optional<std::string> Header(const std::string& lower_name) const;
    // Full URL as upstream reports it in 404 bodies: http://<host><target>.
    std::string Url() const;
};

}  // namespace stackd::http
