#include "domain/project_config.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace stackd::domain::project_config {
namespace {

using nlohmann::json;

size_t CountDots(const std::string& key) { return static_cast<size_t>(std::count(key.begin(), key.end(), '.')); }

std::vector<std::string> SplitDots(const std::string& key) {
    std::vector<std::string> parts;
    size_t start = 0;
    while (true) {
        const size_t dot = key.find('.', start);
        parts.push_back(key.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
        if (dot == std::string::npos) {
            return parts;
        }
        start = dot + 1;
    }
}

// Recursively removes null values: normalisation applies to nested objects too.
json NormalizeValue(const json& value);

void SetPath(json& target, const std::vector<std::string>& path, const json& value) {
    json* node = &target;
    for (size_t index = 0; index + 1 < path.size(); ++index) {
        auto found = node->find(path[index]);
        if (found == node->end() || !found->is_object()) {
            return;  // a path through a missing or non-object value is dropped
        }
        node = &*found;
    }
    if (value.is_null()) {
        node->erase(path.back());
    } else {
        (*node)[path.back()] = NormalizeValue(value);
    }
}

json NormalizeValue(const json& value) {
    if (!value.is_object()) {
        return value;
    }
    return Normalize(value);
}

// Merges `overlay` into `base`: objects merge key by key, anything else replaces.
void DeepMerge(json& base, const json& overlay) {
    if (!base.is_object() || !overlay.is_object()) {
        base = overlay;
        return;
    }
    for (const auto& [key, value] : overlay.items()) {
        if (value.is_object() && base.contains(key) && base[key].is_object()) {
            DeepMerge(base[key], value);
        } else {
            base[key] = value;
        }
    }
}

// Per-entry defaults of record-valued fields (upstream's "defaults as functions of the key").
void ApplyRecordDefaults(json& config) {
    auto each_entry = [&](const json::json_pointer& pointer, const json& entry_defaults) {
        if (!config.contains(pointer) || !config[pointer].is_object()) {
            return;
        }
        for (auto& [id, entry] : config[pointer].items()) {
            if (!entry.is_object()) {
                continue;
            }
            json merged = entry_defaults;
            DeepMerge(merged, entry);
            entry = std::move(merged);
        }
    };
    each_entry("/auth/oauth/providers"_json_pointer,
               {{"allowSignIn", false}, {"allowConnectedAccounts", false}, {"isShared", true}});
    each_entry("/domains/trustedDomains"_json_pointer, {{"handlerPath", "/handler"}});
    each_entry("/dataVault/stores"_json_pointer, {{"displayName", "Unnamed Vault"}});
    each_entry("/auth/signUpRules"_json_pointer,
               {{"enabled", false}, {"priority", 0}, {"action", {{"type", "allow"}}}});
}

}  // namespace

json ApplyOverride(json base, const json& update) {
    if (!base.is_object()) {
        base = json::object();
    }
    for (const auto& [key, value] : update.items()) {
        const std::string prefix = key + ".";
        for (auto it = base.begin(); it != base.end();) {
            if (it.key() == key || it.key().rfind(prefix, 0) == 0) {
                it = base.erase(it);
            } else {
                ++it;
            }
        }
        base[key] = value;
    }
    return base;
}

json Normalize(const json& config) {
    if (!config.is_object()) {
        return json::object();
    }
    std::vector<std::string> keys;
    for (const auto& [key, value] : config.items()) {
        keys.push_back(key);
    }
    std::stable_sort(keys.begin(), keys.end(),
                     [](const std::string& a, const std::string& b) { return CountDots(a) < CountDots(b); });
    json out = json::object();
    for (const auto& key : keys) {
        SetPath(out, SplitDots(key), config.at(key));
    }
    return out;
}

const json& Defaults() {
    static const json kDefaults = {
        {"sourceOfTruth", {{"type", "hosted"}}},
        {"project", {{"requirePublishableClientKey", false}}},
        {"rbac",
         {{"permissions", json::object()},
          {"defaultPermissions",
           {{"teamCreator", json::object()}, {"teamMember", json::object()}, {"signUp", json::object()}}}}},
        {"teams", {{"createPersonalTeamOnSignUp", false}, {"allowClientTeamCreation", false}}},
        {"users", {{"allowClientUserDeletion", false}}},
        {"onboarding", {{"requireEmailVerification", false}}},
        {"apiKeys", {{"enabled", {{"user", false}, {"team", false}}}}},
        {"apps", {{"installed", json::object()}}},
        {"auth",
         {{"allowSignUp", true},
          {"password", {{"allowSignIn", false}}},
          {"otp", {{"allowSignIn", false}}},
          {"passkey", {{"allowSignIn", false}}},
          {"oauth", {{"accountMergeStrategy", "link_method"}, {"providers", json::object()}}},
          {"signUpRules", json::object()},
          {"signUpRulesDefaultAction", "allow"}}},
        {"domains", {{"allowLocalhost", false}, {"trustedDomains", json::object()}}},
        {"emails",
         {{"selectedThemeId", "1df07ae6-abf3-4a40-83a5-a1a2cbe336ac"},
          {"server", {{"isShared", true}, {"provider", "smtp"}}},
          {"themes", json::object()},
          {"templates", json::object()}}},
        {"payments",
         {{"blockNewPurchases", false},
          {"testMode", true},
          {"productLines", json::object()},
          {"products", json::object()},
          {"items", json::object()}}},
        {"dbSync", {{"externalDatabases", json::object()}}},
        {"dataVault", {{"stores", json::object()}}},
        {"analytics", {{"queryFolders", json::object()}}},
        {"customDashboards", json::object()},
    };
    return kDefaults;
}

json Render(const json& project_override, const json& branch_override, const json& environment_override) {
    json merged = ApplyOverride(ApplyOverride(ApplyOverride(json::object(), project_override), branch_override),
                                environment_override);
    // Defaults go underneath before normalising so dot keys find their parent objects,
    // and are merged again afterwards for fields an override replaced wholesale.
    json rendered = Defaults();
    DeepMerge(rendered, Normalize(ApplyOverride(Defaults(), merged)));
    ApplyRecordDefaults(rendered);
    // Providers without a type are dropped, as upstream's sanitiser does.
    auto& providers = rendered["auth"]["oauth"]["providers"];
    for (auto it = providers.begin(); it != providers.end();) {
        if (!it->is_object() || !it->contains("type")) {
            it = providers.erase(it);
        } else {
            ++it;
        }
    }
    return rendered;
}

json RemoveKeys(const json& config, const std::vector<std::string>& keys) {
    if (keys.empty()) {
        return config;
    }
    auto below = [](const std::string& key, const std::string& ancestor) {
        return key.size() > ancestor.size() && key.compare(0, ancestor.size(), ancestor) == 0 &&
               key[ancestor.size()] == '.';
    };
    json result = json::object();
    for (const auto& [key, value] : config.items()) {
        bool removed = false;
        std::vector<std::string> child_keys;
        for (const auto& remove : keys) {
            removed = removed || key == remove || below(key, remove);
            if (below(remove, key)) {
                child_keys.push_back(remove.substr(key.size() + 1));
            }
        }
        if (removed) {
            continue;
        }
        if (!child_keys.empty() && value.is_object()) {
            json cleaned = RemoveKeys(value, child_keys);
            if (!cleaned.empty()) {
                result[key] = std::move(cleaned);
            }
        } else {
            result[key] = value;
        }
    }
    return result;
}

}  // namespace stackd::domain::project_config
