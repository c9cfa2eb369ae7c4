#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace stackd::domain::project_config {

// Upstream's config algebra (packages/stack-shared/src/config/format.ts), on JSON objects
// whose keys may use dot notation ("auth.password.allowSignIn").

// For every key k of `update`: drop from `base` every key equal to k or below "k.", then
// set k. Writing a nested object at "auth" therefore replaces all of "auth".
nlohmann::json ApplyOverride(nlohmann::json base, const nlohmann::json& update);

// Upstream's removeKeysFromConfig: drops every key equal to or below one of `keys`, also
// inside nested object values; objects emptied that way disappear too.
nlohmann::json RemoveKeys(const nlohmann::json& config, const std::vector<std::string>& keys);

// Resolves dot keys into nested objects, shallow keys first; a null value deletes; a
// path through a missing-or-scalar parent is dropped.
nlohmann::json Normalize(const nlohmann::json& config);

// project → branch → environment overrides, rendered onto upstream's defaults.
nlohmann::json Render(const nlohmann::json& project_override, const nlohmann::json& branch_override,
                      const nlohmann::json& environment_override);

// The defaults of a complete config (table "config field reference" of the platform spec).
const nlohmann::json& Defaults();

}  // namespace stackd::domain::project_config
