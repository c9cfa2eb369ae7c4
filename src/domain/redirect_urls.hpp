#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace stackd::domain {

// Upstream's validateRedirectUrl: true if `url` parses and is a localhost URL while
// domains.allowLocalhost is on, or matches a trusted domain's baseUrl (exact scheme, host
// and effective port; `*` and `**` wildcards in the host). `config` is the rendered config.
bool IsRedirectUrlTrusted(const std::string& url, const nlohmann::json& config);

}  // namespace stackd::domain
