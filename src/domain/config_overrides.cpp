#include "domain/config_overrides.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <regex>
#include <vector>

#include "crypto/random.hpp"
#include "domain/project_config.hpp"
#include "domain/project_repository.hpp"

namespace stackd::domain {
namespace {

using nlohmann::json;

// A restricted schema node: what getConfigOverrideErrors checks of upstream's yup schema.
struct Node {
    enum class Kind { kBoolean, kString, kNumber, kObject, kRecord, kMixed };
    enum class KeyRule { kPermission, kCustomPermission, kUserSpecifiedId, kAppId, kAny };
    Kind kind = Kind::kMixed;
    bool uuid = false;
    std::vector<std::string> one_of;
    std::vector<std::pair<std::string, std::shared_ptr<Node>>> fields;  // kObject, in schema order
    KeyRule key_rule = KeyRule::kAny;                                   // kRecord
    std::shared_ptr<Node> value;                                        // kRecord

    const Node* Field(const std::string& name) const {
        for (const auto& [key, node] : fields) {
            if (key == name) {
                return node.get();
            }
        }
        return nullptr;
    }
};
using NodePtr = std::shared_ptr<Node>;
using Fields = std::vector<std::pair<std::string, NodePtr>>;

NodePtr Make(Node::Kind kind) {
    auto node = std::make_shared<Node>();
    node->kind = kind;
    return node;
}
NodePtr Bool() { return Make(Node::Kind::kBoolean); }
NodePtr Str(std::vector<std::string> one_of = {}) {
    auto node = Make(Node::Kind::kString);
    node->one_of = std::move(one_of);
    return node;
}
NodePtr Num() { return Make(Node::Kind::kNumber); }
NodePtr Mixed() { return Make(Node::Kind::kMixed); }
NodePtr Obj(Fields fields) {
    auto node = Make(Node::Kind::kObject);
    node->fields = std::move(fields);
    return node;
}
NodePtr Record(Node::KeyRule rule, NodePtr value) {
    auto node = Make(Node::Kind::kRecord);
    node->key_rule = rule;
    node->value = std::move(value);
    return node;
}

const std::vector<std::string> kAppIds = {
    "authentication", "fraud-protection", "onboarding", "teams",     "rbac",     "api-keys",
    "payments",       "emails",           "email-api",  "data-vault", "webhooks", "tv-mode",
    "launch-checklist", "catalyst",       "neon",       "convex",    "vercel",   "analytics"};
const std::vector<std::string> kProviders = {"google",  "github", "microsoft", "spotify", "facebook", "discord",
                                             "gitlab",  "bitbucket", "linkedin", "apple", "x",        "twitch"};

NodePtr BuildSchema(ConfigLevel level) {
    using K = Node::KeyRule;
    if (level == ConfigLevel::kProject) {
        return Obj({{"sourceOfTruth", Mixed()}, {"project", Obj({{"requirePublishableClientKey", Bool()}})}});
    }
    const bool env = level == ConfigLevel::kEnvironment;
    auto default_permissions = [] { return Record(K::kPermission, Bool()); };
    Fields provider = {{"type", Str(kProviders)}};
    if (env) {
        provider.emplace_back("isShared", Bool());
        provider.emplace_back("clientId", Str());
        provider.emplace_back("clientSecret", Str());
        provider.emplace_back("facebookConfigId", Str());
        provider.emplace_back("microsoftTenantId", Str());
        provider.emplace_back("appleBundles", Record(K::kUserSpecifiedId, Obj({{"bundleId", Str()}})));
    }
    provider.emplace_back("allowSignIn", Bool());
    provider.emplace_back("allowConnectedAccounts", Bool());
    Fields emails = {{"selectedThemeId", Str()}, {"themes", Mixed()}, {"templates", Mixed()}};
    if (env) {
        emails.emplace_back("server", Obj({{"isShared", Bool()},
                                           {"provider", Str({"resend", "smtp", "managed"})},
                                           {"host", Str()},
                                           {"port", Num()},
                                           {"username", Str()},
                                           {"password", Str()},
                                           {"senderName", Str()},
                                           {"senderEmail", Str()},
                                           {"managedSubdomain", Str()},
                                           {"managedSenderLocalPart", Str()}}));
    }
    Fields domains;
    if (env) {
        domains = {{"allowLocalhost", Bool()},
                   {"trustedDomains", Record(K::kUserSpecifiedId, Obj({{"baseUrl", Str()}, {"handlerPath", Str()}}))}};
    }
    Fields schema = {
        {"rbac", Obj({{"permissions", Record(K::kCustomPermission,
                                             Obj({{"description", Str()},
                                                  {"scope", Str({"team", "project"})},
                                                  {"containedPermissionIds", Record(K::kPermission, Bool())}}))},
                      {"defaultPermissions", Obj({{"teamCreator", default_permissions()},
                                                  {"teamMember", default_permissions()},
                                                  {"signUp", default_permissions()}})}})},
        {"teams", Obj({{"createPersonalTeamOnSignUp", Bool()}, {"allowClientTeamCreation", Bool()}})},
        {"users", Obj({{"allowClientUserDeletion", Bool()}})},
        {"onboarding", Obj({{"requireEmailVerification", Bool()}})},
        {"apiKeys", Obj({{"enabled", Obj({{"team", Bool()}, {"user", Bool()}})}})},
        {"apps", Obj({{"installed", Record(K::kAppId, Obj({{"enabled", Bool()}}))}})},
        {"domains", Obj(domains)},
        {"auth", Obj({{"allowSignUp", Bool()},
                      {"password", Obj({{"allowSignIn", Bool()}})},
                      {"otp", Obj({{"allowSignIn", Bool()}})},
                      {"passkey", Obj({{"allowSignIn", Bool()}})},
                      {"oauth", Obj({{"accountMergeStrategy", Str({"link_method", "raise_error", "allow_duplicates"})},
                                     {"providers", Record(K::kPermission, Obj(provider))}})},
                      {"signUpRules", Record(K::kUserSpecifiedId,
                                             Obj({{"enabled", Bool()},
                                                  {"displayName", Str()},
                                                  {"priority", Num()},
                                                  {"condition", Str()},
                                                  {"action", Obj({{"type", Str({"allow", "reject", "restrict", "log"})},
                                                                  {"message", Str()}})}}))},
                      {"signUpRulesDefaultAction", Str({"allow", "reject"})}})},
        {"emails", Obj(emails)},
        {"payments", Mixed()},
        {"dbSync", Obj({{"externalDatabases", Record(K::kUserSpecifiedId,
                                                     Obj({{"type", Str({"postgres"})}, {"connectionString", Str()}}))}})},
        {"dataVault", Obj({{"stores", Record(K::kUserSpecifiedId, Obj({{"displayName", Str()}}))}})},
    };
    if (env) {
        schema.emplace_back("analytics", Mixed());
        schema.emplace_back("customDashboards", Mixed());
    }
    return Obj(schema);
}

bool KeyMatches(Node::KeyRule rule, const std::string& key) {
    static const std::regex kPermission(R"(^\$?[a-z0-9_:]+$)");
    static const std::regex kCustomPermission(R"(^[a-z0-9_:]+$)");
    static const std::regex kUserSpecifiedId(R"(^[a-zA-Z0-9_][a-zA-Z0-9_-]*$)");
    switch (rule) {
        case Node::KeyRule::kPermission:
            return std::regex_match(key, kPermission);
        case Node::KeyRule::kCustomPermission:
            return std::regex_match(key, kCustomPermission);
        case Node::KeyRule::kUserSpecifiedId:
            return key.size() <= 63 && std::regex_match(key, kUserSpecifiedId);
        case Node::KeyRule::kAppId:
            return std::find(kAppIds.begin(), kAppIds.end(), key) != kAppIds.end();
        case Node::KeyRule::kAny:
            return true;
    }
    return false;
}

// schema.getNested(part) of upstream's yup objects and records; mixed values have no children.
const Node* Nested(const Node* node, const std::string& part) {
    if (node->kind == Node::Kind::kObject) {
        return node->Field(part);
    }
    if (node->kind == Node::Kind::kRecord && KeyMatches(node->key_rule, part)) {
        return node->value.get();
    }
    return nullptr;
}

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

// yup's printValue for the type-error message.
std::string PrintValue(const json& value) { return value.dump(); }

std::string Join(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& value : values) {
        out += out.empty() ? value : ", " + value;
    }
    return out;
}

std::optional<std::string> TypeError(const std::string& path, const char* type, const json& value) {
    return path + " must be a `" + type + "` type, but the final value was: `" + PrintValue(value) + "`.";
}

// The value against the restricted schema (strict: no casts); null passes everywhere.
std::optional<std::string> ValueError(const Node& node, const std::string& path, const json& value) {
    if (value.is_null()) {
        return std::nullopt;
    }
    switch (node.kind) {
        case Node::Kind::kMixed:
            return std::nullopt;
        case Node::Kind::kBoolean:
            return value.is_boolean() ? std::nullopt : TypeError(path, "boolean", value);
        case Node::Kind::kNumber:
            return value.is_number() ? std::nullopt : TypeError(path, "number", value);
        case Node::Kind::kString: {
            if (!value.is_string()) {
                return TypeError(path, "string", value);
            }
            const std::string text = value.get<std::string>();
            if (node.uuid && !crypto::IsUuid(text)) {
                return path + " must be a valid UUID";
            }
            if (!node.one_of.empty() && std::find(node.one_of.begin(), node.one_of.end(), text) == node.one_of.end()) {
                return path + " must be one of the following values: " + Join(node.one_of);
            }
            return std::nullopt;
        }
        case Node::Kind::kObject: {
            if (!value.is_object()) {
                return TypeError(path, "object", value);
            }
            std::vector<std::string> unknown;
            for (const auto& [key, item] : value.items()) {
                if (node.Field(key) == nullptr) {
                    unknown.push_back(key);
                }
            }
            if (!unknown.empty()) {
                return path + " contains unknown properties: " + Join(unknown);
            }
            for (const auto& [key, child] : node.fields) {
                if (value.contains(key)) {
                    if (auto error = ValueError(*child, path + "." + key, value[key])) {
                        return error;
                    }
                }
            }
            return std::nullopt;
        }
        case Node::Kind::kRecord: {
            if (!value.is_object()) {
                return TypeError(path, "object", value);
            }
            for (const auto& [key, item] : value.items()) {
                if (node.key_rule == Node::KeyRule::kAppId && !KeyMatches(node.key_rule, key)) {
                    return path + "." + key + " must be one of the following values: " + Join(kAppIds);
                }
                if (auto error = ValueError(*node.value, path + "." + key, item)) {
                    return error;
                }
            }
            return std::nullopt;
        }
    }
    return std::nullopt;
}

std::optional<std::string> DottedKeyError(const json& value) {
    if (!value.is_object()) {
        return std::nullopt;
    }
    for (const auto& [key, item] : value.items()) {
        if (key.find('.') != std::string::npos) {
            return "Key " + key + " contains a dot, which is not allowed in config override.";
        }
        if (auto error = DottedKeyError(item)) {
            return error;
        }
    }
    return std::nullopt;
}

std::optional<std::string> InvalidConfigReason(const json& config, const std::string& name);

std::optional<std::string> InvalidValueReason(const json& value, const std::string& name) {
    if (value.is_array()) {
        for (size_t index = 0; index < value.size(); ++index) {
            const std::string element = name + "[" + std::to_string(index) + "]";
            if (value[index].is_null()) {
                return element + " is null; tuple elements cannot be null";
            }
            if (auto reason = InvalidValueReason(value[index], element)) {
                return reason;
            }
        }
    } else if (value.is_object()) {
        return InvalidConfigReason(value, name);
    }
    return std::nullopt;
}

std::optional<std::string> InvalidConfigReason(const json& config, const std::string& name) {
    static const std::regex kKey(R"(^[a-zA-Z0-9_:$][a-zA-Z_:$0-9\-]*(?:\.[a-zA-Z0-9_:$][a-zA-Z_:$0-9\-]*)*$)");
    for (const auto& [key, value] : config.items()) {
        if (!std::regex_match(key, kKey)) {
            return "All keys of " + name +
                   " must consist of only alphanumeric characters, dots, underscores, colons, dollar signs, or "
                   "hyphens and start with a character other than a hyphen (found: " +
                   key + ")";
        }
        if (auto reason = InvalidValueReason(value, name + "." + key)) {
            return reason;
        }
    }
    return std::nullopt;
}

}  // namespace

std::optional<ConfigLevel> ParseConfigLevel(const std::string& text) {
    if (text == "project") {
        return ConfigLevel::kProject;
    }
    if (text == "branch") {
        return ConfigLevel::kBranch;
    }
    if (text == "environment") {
        return ConfigLevel::kEnvironment;
    }
    return std::nullopt;
}

std::optional<std::string> ConfigOverrideError(ConfigLevel level, const json& config) {
    if (config.is_array()) {
        return "Config override must be plain old JavaScript object.";
    }
    if (!config.is_object()) {
        return "Config override must be a non-null object.";
    }
    for (const auto& [key, value] : config.items()) {
        if (auto error = DottedKeyError(value)) {
            return error;
        }
    }
    if (auto reason = InvalidConfigReason(config, "override")) {
        return "Invalid config format: " + *reason;
    }
    static const NodePtr kSchemas[] = {BuildSchema(ConfigLevel::kProject), BuildSchema(ConfigLevel::kBranch),
                                       BuildSchema(ConfigLevel::kEnvironment)};
    const Node* schema = kSchemas[static_cast<int>(level)].get();
    for (const auto& [key, value] : config.items()) {
        const auto parts = SplitDots(key);
        const Node* node = schema;
        std::string prefix;
        for (const auto& part : parts) {
            prefix += prefix.empty() ? part : "." + part;
            node = Nested(node, part);
            if (node == nullptr) {
                return "The key " + json(key).dump() + " is not valid (nested object not found in schema: " +
                       json(prefix).dump() + ").";
            }
        }
        if (auto error = ValueError(*node, key, value)) {
            return error;
        }
    }
    return std::nullopt;
}

std::vector<std::string> BranchSourceProblems(const std::string& path, const json& source) {
    if (source.is_null()) {
        return {};
    }
    if (!source.is_object()) {
        return {path + " must be a `object` type, but the final value was: `" + source.dump() + "`."};
    }
    struct Variant {
        const char* type;
        std::vector<const char*> fields;
    };
    static const Variant kVariants[] = {
        {"pushed-from-github", {"owner", "repo", "branch", "commit_hash", "config_file_path"}},
        {"pushed-from-unknown", {}},
        {"unlinked", {}},
    };
    std::string message = path + " is not matched by any of the provided schemas:";
    for (size_t index = 0; index < std::size(kVariants); ++index) {
        const Variant& variant = kVariants[index];
        std::vector<std::string> errors;
        std::vector<std::string> unknown;
        for (const auto& [key, value] : source.items()) {
            bool known = key == "type";
            for (const char* field : variant.fields) {
                known = known || key == field;
            }
            if (!known) {
                unknown.push_back(key);
            }
        }
        if (!unknown.empty()) {
            errors.push_back("this contains unknown properties: " + Join(unknown));
        }
        if (!source.contains("type")) {
            errors.push_back("type must be defined");
        } else if (source["type"] != variant.type) {
            errors.push_back(std::string("type must be one of the following values: ") + variant.type);
        }
        for (const char* field : variant.fields) {
            if (!source.contains(field)) {
                errors.push_back(std::string(field) + " must be defined");
            } else if (!source[field].is_string()) {
                errors.push_back(std::string(field) + " must be a `string` type, but the final value was: `" +
                                 source[field].dump() + "`.");
            }
        }
        if (errors.empty()) {
            return {};
        }
        message += "\n  Schema " + std::to_string(index) + ":";
        for (const auto& error : errors) {
            message += "\n    " + error;
        }
    }
    return {message};
}

json ConfigOverrideService::Get(const std::string& project_id, const std::string& branch_id, ConfigLevel level) {
    const auto overrides = store_.ReadValue(
        [&](storage::Connection& db) { return project_repository::LoadOverrides(db, project_id, branch_id); });
    switch (level) {
        case ConfigLevel::kProject:
            return overrides.project;
        case ConfigLevel::kBranch:
            return overrides.branch;
        case ConfigLevel::kEnvironment:
            return overrides.environment;
    }
    return json::object();
}

void ConfigOverrideService::Save(storage::Connection& db, const std::string& project_id,
                                 const std::string& branch_id, ConfigLevel level, const json& config) {
    const int64_t now = clock_.NowMillis();
    switch (level) {
        case ConfigLevel::kProject:
            project_repository::SaveProjectOverride(db, project_id, config, now);
            break;
        case ConfigLevel::kBranch:
            project_repository::SaveBranchOverride(db, project_id, branch_id, config, now);
            break;
        case ConfigLevel::kEnvironment:
            project_repository::SaveEnvironmentOverride(db, project_id, branch_id, config, now);
            break;
    }
}

namespace {

const json& LevelOverride(const project_repository::Overrides& overrides, ConfigLevel level) {
    switch (level) {
        case ConfigLevel::kProject:
            return overrides.project;
        case ConfigLevel::kBranch:
            return overrides.branch;
        case ConfigLevel::kEnvironment:
            break;
    }
    return overrides.environment;
}

}  // namespace

void ConfigOverrideService::Set(const std::string& project_id, const std::string& branch_id, ConfigLevel level,
                                const json& config, const std::optional<json>& source) {
    store_.Write([&](storage::Connection& db) {
        Save(db, project_id, branch_id, level, config);
        if (source && level == ConfigLevel::kBranch) {
            project_repository::SaveBranchSource(db, project_id, branch_id, *source, clock_.NowMillis());
        }
    });
    projects_.Invalidate(project_id);
}

void ConfigOverrideService::Patch(const std::string& project_id, const std::string& branch_id, ConfigLevel level,
                                  const json& update) {
    store_.Write([&](storage::Connection& db) {
        const auto overrides = project_repository::LoadOverrides(db, project_id, branch_id);
        Save(db, project_id, branch_id, level, project_config::ApplyOverride(LevelOverride(overrides, level), update));
    });
    projects_.Invalidate(project_id);
}

void ConfigOverrideService::ResetKeys(const std::string& project_id, const std::string& branch_id, ConfigLevel level,
                                      const std::vector<std::string>& keys) {
    store_.Write([&](storage::Connection& db) {
        const auto overrides = project_repository::LoadOverrides(db, project_id, branch_id);
        Save(db, project_id, branch_id, level, project_config::RemoveKeys(LevelOverride(overrides, level), keys));
    });
    projects_.Invalidate(project_id);
}

json ConfigOverrideService::GetSource(const std::string& project_id, const std::string& branch_id) {
    auto source = store_.ReadValue(
        [&](storage::Connection& db) { return project_repository::LoadBranchSource(db, project_id, branch_id); });
    return source ? *source : json{{"type", "unlinked"}};
}

void ConfigOverrideService::UnlinkSource(const std::string& project_id, const std::string& branch_id) {
    store_.Write([&](storage::Connection& db) {
        project_repository::SaveBranchSource(db, project_id, branch_id, {{"type", "unlinked"}}, clock_.NowMillis());
    });
}

}  // namespace stackd::domain
