#include "http/request.hpp"

namespace stackd::http {

std::optional<std::string> Request::Header(const std::string& lower_name) const {
    const auto found = headers.find(lower_name);
    if (found == headers.end() || found->second.empty()) {
        return std::nullopt;
    }
    return found->second.front();
}

std::string Request::Url() const {
    const auto host = Header("host");
    return "http://" + host.value_or("localhost") + target;
}

}  // namespace stackd::http
