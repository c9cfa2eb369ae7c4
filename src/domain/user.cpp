#include "domain/user.hpp"

#include <algorithm>

namespace stackd::domain {

RestrictedStatus ComputeRestrictedStatus(const User& user, bool require_email_verification) {
    if (user.is_anonymous) {
        return {true, "anonymous"};
    }
    if (require_email_verification && !(user.primary_email && user.primary_email_verified)) {
        return {true, "email_not_verified"};
    }
    if (user.restricted_by_admin) {
        return {true, "restricted_by_administrator"};
    }
    return {};
}

std::string NormalizeEmail(const std::string& email) {
    const auto first = email.find_first_not_of(" \t\r\n");
    const auto last = email.find_last_not_of(" \t\r\n");
    std::string out = first == std::string::npos ? "" : email.substr(first, last - first + 1);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

}  // namespace stackd::domain
