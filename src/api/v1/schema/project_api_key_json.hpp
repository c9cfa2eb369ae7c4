#pragma once

#include <nlohmann/json.hpp>

#include "domain/project_api_keys.hpp"

namespace stackd::api::v1::schema {

// The read shape of a user or team API key (list, read, update, check): the secret only as
// {"last_four"}; expires_at_millis and manually_revoked_at_millis omitted when unset.
nlohmann::json ProjectApiKeyRead(const domain::ProjectApiKey& key);
// The create answer: the same with `value` the full secret, shown this once.
nlohmann::json ProjectApiKeyCreated(const domain::CreatedProjectApiKey& created);

}  // namespace stackd::api::v1::schema
