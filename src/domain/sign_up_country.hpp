#pragma once

#include <optional>
#include <string>

namespace stackd::domain {

// Upstream's normalizeCountryCode + isValidCountryCode: trimmed and upper-cased, and only
// two letters count as a country code.
std::optional<std::string> NormalizedCountryCode(const std::string& raw);

// The country a new user is given (upstream's getDerivedSignUpCountryCode). With
// `email_tags_allowed` (NODE_ENV development/test only, since the address is the user's own
// choice), a tag on an @example.com address wins: "user+CA@example.com" is "CA". Otherwise the
// request's country, if it is a valid code.
std::optional<std::string> SignUpCountryCode(const std::optional<std::string>& request_country,
                                             const std::optional<std::string>& email, bool email_tags_allowed);

}  // namespace stackd::domain
