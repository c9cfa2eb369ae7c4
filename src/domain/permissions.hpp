#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace stackd::domain::permissions {

// Upstream's permission model (resources.md §6), as pure functions over the rendered
// config. Definitions live in `rbac.permissions.<id>` = {description?, scope,
// containedPermissionIds: {<id>: true}}; one id namespace serves both scopes.

enum class Scope { kTeam, kProject };
const char* ScopeName(Scope scope);

struct Definition {
    std::string id;
    std::optional<std::string> description;
    std::vector<std::string> contained_permission_ids;  // CI-sorted
};

// The six built-in `$` team permissions, with their fixed descriptions.
const std::vector<std::pair<std::string, std::string>>& TeamSystemPermissions();
bool IsSystemPermission(const std::string& id);

// Upstream's stringCompare: upper-cased ordinal order, ties broken by reverse ordinal order.
int StringCompare(const std::string& a, const std::string& b);
inline bool StringLess(const std::string& a, const std::string& b) { return StringCompare(a, b) < 0; }

// The problem text of an id that fails `^\$?[a-z0-9_:]+$` / the system-id rule, or nullopt.
std::optional<std::string> GenericIdProblem(const std::string& id);
// The problem text of an id that fails `^[a-z0-9_:]+$`, or nullopt.
std::optional<std::string> CustomIdProblem(const std::string& id);

// The definitions of `scope` in the rendered config; the team scope includes the system
// permissions. CI-sorted by id.
std::vector<Definition> ListDefinitions(const nlohmann::json& config, Scope scope);

// The ids reachable from `direct` through `definitions` (a visited set makes cycles
// harmless). Ids without a definition are skipped with their subtree; without
// `recursive` only the direct ids that have a definition remain. Unsorted.
std::vector<std::string> Expand(const std::vector<std::string>& direct, const std::vector<Definition>& definitions,
                                bool recursive);

// The scope of the config definition `id`, or nullopt when the config has no such id
// (system ids are not config definitions). "" when the definition has no valid scope.
std::optional<std::string> DefinitionScope(const nlohmann::json& config, const std::string& id);

// New values of `rbac.permissions` after a definition change; throw upstream's
// KnownErrors. `permissions` is the rendered `rbac.permissions` object.
struct DefinitionInput {
    std::string id;
    std::optional<std::string> description;
    std::optional<std::vector<std::string>> contained_permission_ids;
};
nlohmann::json WithCreated(const nlohmann::json& permissions, Scope scope, const DefinitionInput& input);
// `input.id` is the new id (the old one when not renaming); description and contained
// ids are replaced, not merged, as upstream does.
nlohmann::json WithUpdated(const nlohmann::json& permissions, Scope scope, const std::string& old_id,
                           const DefinitionInput& input);
nlohmann::json WithDeleted(const nlohmann::json& permissions, Scope scope, const std::string& id);

// The response shape of a definition written with `input` (description only when given).
Definition Describe(const DefinitionInput& input);

}  // namespace stackd::domain::permissions
