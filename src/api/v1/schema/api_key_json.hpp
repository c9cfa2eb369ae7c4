#pragma once

#include <nlohmann/json.hpp>

#include "domain/api_keys.hpp"

namespace stackd::api::v1::schema {

// The obfuscated read of a project API key set (list, read, update): last four characters only.
nlohmann::json ApiKeySetObfuscatedRead(const domain::ApiKeySet& set);
// The create answer: the full keys, shown this once.
nlohmann::json ApiKeySetCreated(const domain::CreatedApiKeySet& created);

}  // namespace stackd::api::v1::schema
