#pragma once

#include <memory>

#include "api/dispatcher.hpp"
#include "domain/api_keys.hpp"

namespace stackd::api::v1::internal {

// /internal/api-keys and /internal/api-keys/{api_key_id}: the current project's API key
// sets (platform.md §1.8), admin only.
void RegisterApiKeys(Dispatcher& dispatcher, std::shared_ptr<domain::ApiKeyService> api_keys);

}  // namespace stackd::api::v1::internal
