#pragma once

#include <functional>
#include <string>
#include <vector>

#include "api/dispatcher.hpp"
#include "api/v1/schema/fields.hpp"

namespace stackd::api::v1 {

// The `code` field every verification-code route takes: a string of exactly 45 characters
// (yup's length(45)); nullopt when invalid, with the problem recorded.
std::optional<std::string> ReadVerificationCode(schema::ObjectReader& body);

// Adds `<path>/check-code` for a flow: body {code} only, 200 {"is_code_valid": true}
// without consuming the code (auth.md §4).
void AddCheckCodeRoute(Dispatcher& dispatcher, const std::string& path,
                       std::function<void(const RequestAuth&, const std::string&)> check);

}  // namespace stackd::api::v1
