#pragma once

#include "api/dispatcher.hpp"
#include "domain/project_api_keys.hpp"

namespace stackd::api::v1 {

// /user-api-keys, /team-api-keys: create, list, read, update (revoke) and check
// (upstream's (api-keys) group, resources.md §13).
void RegisterProjectApiKeys(Dispatcher& dispatcher, std::shared_ptr<domain::ProjectApiKeyService> keys);

}  // namespace stackd::api::v1
