#include "domain/permissions.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "errors/known_error.hpp"

namespace stackd::domain::permissions {
namespace {

using errors::ErrorCode;
using errors::KnownError;
using nlohmann::json;

bool IsIdChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == ':'; }

bool AllIdChars(const std::string& text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), IsIdChar);
}

std::optional<std::string> TextOrNull(const json& value) {
    if (value.is_string() && !value.get<std::string>().empty()) {
        return value.get<std::string>();
    }
    return std::nullopt;
}

// A description is kept only when non-empty; system ids always carry their fixed one.
std::optional<std::string> EffectiveDescription(const std::string& id, const std::optional<std::string>& given) {
    if (given && !given->empty()) {
        return given;
    }
    for (const auto& [system_id, description] : TeamSystemPermissions()) {
        if (system_id == id) {
            return description;
        }
    }
    return std::nullopt;
}

std::vector<std::string> SortedCopy(std::vector<std::string> ids) {
    std::sort(ids.begin(), ids.end(), StringLess);
    return ids;
}

// The ids a new definition of `scope` may contain: that scope's definitions, plus the
// system permissions for the team scope.
void CheckContained(const json& permissions, Scope scope, const std::optional<std::vector<std::string>>& contained) {
    if (!contained) {
        return;
    }
    for (const auto& id : *contained) {
        bool found = scope == Scope::kTeam && IsSystemPermission(id);
        if (!found && permissions.contains(id)) {
            found = permissions[id].value("scope", "") == ScopeName(scope);
        }
        if (!found) {
            throw KnownError::Formatted(ErrorCode::kContainedPermissionNotFound, {{"permission_id", id}}, id);
        }
    }
}

json StoredDefinition(Scope scope, const DefinitionInput& input) {
    json contained = json::object();
    for (const auto& id : input.contained_permission_ids.value_or(std::vector<std::string>{})) {
        contained[id] = true;
    }
    json stored = {{"scope", ScopeName(scope)}, {"containedPermissionIds", contained}};
    if (auto description = EffectiveDescription(input.id, input.description)) {
        stored["description"] = *description;
    }
    return stored;
}

}  // namespace

const char* ScopeName(Scope scope) { return scope == Scope::kTeam ? "team" : "project"; }

const std::vector<std::pair<std::string, std::string>>& TeamSystemPermissions() {
    static const std::vector<std::pair<std::string, std::string>> kSystem = {
        {"$update_team", "Update the team information"},
        {"$delete_team", "Delete the team"},
        {"$read_members", "Read and list the other members of the team"},
        {"$remove_members", "Remove other members from the team"},
        {"$invite_members", "Invite other users to the team"},
        {"$manage_api_keys", "Create and manage API keys for the team"},
    };
    return kSystem;
}

bool IsSystemPermission(const std::string& id) {
    const auto& system = TeamSystemPermissions();
    return std::any_of(system.begin(), system.end(), [&](const auto& entry) { return entry.first == id; });
}

int StringCompare(const std::string& a, const std::string& b) {
    auto upper = [](std::string text) {
        for (char& c : text) {
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        return text;
    };
    const int folded = upper(a).compare(upper(b));
    if (folded != 0) {
        return folded < 0 ? -1 : 1;
    }
    const int raw = b.compare(a);
    return raw < 0 ? -1 : (raw > 0 ? 1 : 0);
}

std::optional<std::string> GenericIdProblem(const std::string& id) {
    const std::string rest = !id.empty() && id[0] == '$' ? id.substr(1) : id;
    if (!AllIdChars(rest)) {
        return "Only lowercase letters, numbers, \":\", \"_\" and optional \"$\" at the beginning are allowed";
    }
    if (id[0] == '$' && !IsSystemPermission(id)) {
        return "Invalid system permission";
    }
    return std::nullopt;
}

std::optional<std::string> CustomIdProblem(const std::string& id) {
    if (!AllIdChars(id)) {
        return "Only lowercase letters, numbers, \":\", \"_\" are allowed";
    }
    return std::nullopt;
}

std::vector<Definition> ListDefinitions(const json& config, Scope scope) {
    std::vector<Definition> definitions;
    const json* permissions = nullptr;
    if (config.contains("rbac") && config["rbac"].contains("permissions") && config["rbac"]["permissions"].is_object()) {
        permissions = &config["rbac"]["permissions"];
    }
    if (permissions) {
        for (const auto& [id, entry] : permissions->items()) {
            if (!entry.is_object() || entry.value("scope", "") != ScopeName(scope)) {
                continue;
            }
            Definition definition{id, EffectiveDescription(id, TextOrNull(entry.value("description", json()))), {}};
            if (entry.contains("containedPermissionIds") && entry["containedPermissionIds"].is_object()) {
                for (const auto& [contained, flag] : entry["containedPermissionIds"].items()) {
                    definition.contained_permission_ids.push_back(contained);
                }
            }
            definition.contained_permission_ids = SortedCopy(std::move(definition.contained_permission_ids));
            definitions.push_back(std::move(definition));
        }
    }
    if (scope == Scope::kTeam) {
        for (const auto& [id, description] : TeamSystemPermissions()) {
            definitions.push_back({id, description, {}});
        }
    }
    std::sort(definitions.begin(), definitions.end(),
              [](const Definition& a, const Definition& b) { return StringLess(a.id, b.id); });
    return definitions;
}

std::vector<std::string> Expand(const std::vector<std::string>& direct, const std::vector<Definition>& definitions,
                                bool recursive) {
    std::map<std::string, const Definition*> by_id;
    for (const auto& definition : definitions) {
        by_id[definition.id] = &definition;
    }
    std::vector<std::string> pending = direct;
    std::set<std::string> seen;
    std::vector<std::string> result;
    while (!pending.empty()) {
        const std::string id = pending.back();
        pending.pop_back();
        const auto found = by_id.find(id);
        if (found == by_id.end() || !seen.insert(id).second) {
            continue;
        }
        result.push_back(id);
        if (recursive) {
            const auto& children = found->second->contained_permission_ids;
            pending.insert(pending.end(), children.begin(), children.end());
        }
    }
    return result;
}

std::optional<std::string> DefinitionScope(const json& config, const std::string& id) {
    const auto pointer = json::json_pointer("/rbac/permissions") / id;
    if (!config.contains(pointer) || !config[pointer].is_object()) {
        return std::nullopt;
    }
    const auto& scope = config[pointer].value("scope", json());
    return scope.is_string() ? scope.get<std::string>() : std::string();
}

json WithCreated(const json& permissions, Scope scope, const DefinitionInput& input) {
    if (permissions.contains(input.id)) {
        throw KnownError::Formatted(ErrorCode::kPermissionIdAlreadyExists, {{"permission_id", input.id}}, input.id);
    }
    CheckContained(permissions, scope, input.contained_permission_ids);
    json result = permissions.is_object() ? permissions : json::object();
    result[input.id] = StoredDefinition(scope, input);
    return result;
}

json WithUpdated(const json& permissions, Scope scope, const std::string& old_id, const DefinitionInput& input) {
    if (!permissions.contains(old_id)) {
        throw KnownError::Formatted(ErrorCode::kPermissionNotFound, {{"permission_id", old_id}}, old_id);
    }
    if (input.id != old_id && permissions.contains(input.id)) {
        throw KnownError::Formatted(ErrorCode::kPermissionIdAlreadyExists, {{"permission_id", input.id}}, input.id);
    }
    CheckContained(permissions, scope, input.contained_permission_ids);
    json result = json::object();
    for (const auto& [id, entry] : permissions.items()) {
        if (id == old_id) {
            continue;
        }
        json copy = entry;
        // A rename follows the id into every definition that contains it.
        if (copy.contains("containedPermissionIds") && copy["containedPermissionIds"].is_object() &&
            copy["containedPermissionIds"].contains(old_id)) {
            copy["containedPermissionIds"].erase(old_id);
            copy["containedPermissionIds"][input.id] = true;
        }
        result[id] = std::move(copy);
    }
    result[input.id] = StoredDefinition(scope, input);
    return result;
}

json WithDeleted(const json& permissions, Scope scope, const std::string& id) {
    if (!permissions.contains(id) || permissions[id].value("scope", "") != ScopeName(scope)) {
        throw KnownError::Formatted(ErrorCode::kPermissionNotFound, {{"permission_id", id}}, id);
    }
    json result = json::object();
    for (const auto& [other, entry] : permissions.items()) {
        if (other == id) {
            continue;
        }
        json copy = entry;
        if (copy.contains("containedPermissionIds") && copy["containedPermissionIds"].is_object()) {
            copy["containedPermissionIds"].erase(id);
        }
        result[other] = std::move(copy);
    }
    return result;
}

Definition Describe(const DefinitionInput& input) {
    return {input.id, EffectiveDescription(input.id, input.description),
            SortedCopy(input.contained_permission_ids.value_or(std::vector<std::string>{}))};
}

}  // namespace stackd::domain::permissions
