#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "api/dispatcher.hpp"

namespace stackd::api::v1 {

// The Stack Auth release whose API stackd serves; SDKs compare their own version to it.
inline constexpr const char* kCompatibleStackVersion = "2.8.86";

// Upstream's decision for a client version against `server_version` (resources.md §20.2):
// {"upToDate": true} or {"upToDate": false, "error", "severe"}.
nlohmann::json CheckClientVersion(const std::string& client_version, const std::string& server_version);

// POST /check-version (no auth).
void RegisterCheckVersion(Dispatcher& dispatcher);

}  // namespace stackd::api::v1
