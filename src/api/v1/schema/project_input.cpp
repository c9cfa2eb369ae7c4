#include "api/v1/schema/project_input.hpp"

namespace stackd::api::v1::schema {
namespace {

using nlohmann::json;

const std::vector<std::string> kOAuthProviderIds = {"google",   "github",    "microsoft", "spotify",
                                                    "facebook", "discord",   "gitlab",    "bitbucket",
                                                    "linkedin", "apple",     "x",         "twitch"};

const std::vector<std::string> kOnboardingStatuses = {"config_choice",     "apps_selection", "auth_setup",
                                                      "domain_setup",      "email_theme_setup",
                                                      "payments_setup",    "welcome",        "completed"};

void Merge(ObjectReader& into, const ObjectReader& from) {
    for (const auto& problem : from.problems()) {
        into.AddProblem(problem);
    }
}

// An array value at `path`; nullopt (with a problem) when present but not an array.
const json* ArrayAt(ObjectReader& reader, const json& object, const std::string& key, const std::string& path) {
    if (!object.is_object() || !object.contains(key)) {
        return nullptr;
    }
    const json& value = object[key];
    if (!value.is_array()) {
        reader.AddProblem(path + " must be a `array` type, but the final value was: `" + value.dump() + "`.");
        return nullptr;
    }
    return &value;
}

std::optional<std::optional<std::string>> ReadLogo(ObjectReader& reader, const std::string& key) {
    auto value = reader.NullableString(key, {.nullable = true});
    if (value && *value && !(*value)->empty()) {
        // URLs or data URLs (uploaded elsewhere upstream; stored as given here).
        const std::string& text = **value;
        if (text.rfind("data:", 0) != 0 && text.rfind("http://", 0) != 0 && text.rfind("https://", 0) != 0) {
            reader.AddProblem("body." + key + " is not a valid URL");
        }
    }
    return value;
}

json ReadPermissionList(ObjectReader& config_reader, const json& config, const std::string& key) {
    const std::string path = "body.config." + key;
    const json* items = ArrayAt(config_reader, config, key, path);
    json out = json::array();
    if (items == nullptr) {
        return out;
    }
    for (size_t index = 0; index < items->size(); ++index) {
        ObjectReader item(path + "[" + std::to_string(index) + "]", (*items)[index], {"id"});
        if (auto id = item.String("id", {.required = true})) {
            out.push_back({{"id", *id}});
        }
        Merge(config_reader, item);
    }
    return out;
}

json ReadDomains(ObjectReader& config_reader, const json& config) {
    const std::string path = "body.config.domains";
    const json* items = ArrayAt(config_reader, config, "domains", path);
    json out = json::array();
    if (items == nullptr) {
        return out;
    }
    for (size_t index = 0; index < items->size(); ++index) {
        ObjectReader item(path + "[" + std::to_string(index) + "]", (*items)[index], {"domain", "handler_path"});
        auto domain = item.Url("domain", true);
        if (domain && domain->rfind("http://", 0) != 0 && domain->rfind("https://", 0) != 0) {
            item.AddProblem("URL must start with http:// or https://");
            domain.reset();
        }
        auto handler_path = item.String("handler_path", {.required = true});
        if (handler_path && handler_path->rfind('/', 0) != 0) {
            item.AddProblem("Handler path must start with /");
            handler_path.reset();
        }
        if (domain && handler_path) {
            out.push_back({{"domain", *domain}, {"handler_path", *handler_path}});
        }
        Merge(config_reader, item);
    }
    return out;
}

json ReadOAuthProviders(ObjectReader& config_reader, const json& config) {
    const std::string path = "body.config.oauth_providers";
    const json* items = ArrayAt(config_reader, config, "oauth_providers", path);
    json out = json::array();
    if (items == nullptr) {
        return out;
    }
    for (size_t index = 0; index < items->size(); ++index) {
        ObjectReader item(path + "[" + std::to_string(index) + "]", (*items)[index],
                          {"id", "type", "client_id", "client_secret", "facebook_config_id", "microsoft_tenant_id",
                           "apple_bundle_ids"});
        const auto id = item.OneOf("id", kOAuthProviderIds, true);
        const auto type = item.OneOf("type", {"shared", "standard"}, true);
        const bool standard = type == "standard";
        json provider = {{"id", id.value_or("")}, {"type", type.value_or("shared")}};
        for (const char* key : {"client_id", "client_secret"}) {
            if (auto value = item.String(key, {.required = standard, .non_empty = standard})) {
                provider[key] = *value;
            }
        }
        for (const char* key : {"facebook_config_id", "microsoft_tenant_id"}) {
            if (auto value = item.String(key)) {
                provider[key] = *value;
            }
        }
        if (const json* bundles = ArrayAt(item, (*items)[index], "apple_bundle_ids",
                                          path + "[" + std::to_string(index) + "].apple_bundle_ids")) {
            provider["apple_bundle_ids"] = *bundles;
        }
        out.push_back(std::move(provider));
        Merge(config_reader, item);
    }
    return out;
}

json ReadEmailConfig(ObjectReader& config_reader, const json& value) {
    ObjectReader email("body.config.email_config", value,
                       {"type", "host", "port", "username", "password", "sender_name", "sender_email"});
    const auto type = email.OneOf("type", {"shared", "standard"}, true);
    const bool standard = type == "standard";
    json out = {{"type", type.value_or("shared")}};
    // Fields are checked in upstream's schema order, which is the order of its problems.
    const auto read_text = [&](const char* key) {
        if (auto text = email.String(key, {.required = standard, .non_empty = standard})) {
            out[key] = *text;
        }
    };
    read_text("host");
    if (auto port = email.Integer("port", standard, 0, 65535)) {
        out["port"] = *port;
    }
    for (const char* key : {"username", "password", "sender_name"}) {
        read_text(key);
    }
    if (auto sender = email.Email("sender_email", standard)) {
        if (standard && sender->empty()) {
            email.AddProblem("body.config.email_config.sender_email must not be empty");
        }
        out["sender_email"] = *sender;
    }
    Merge(config_reader, email);
    return out;
}

json ReadLegacyConfig(ObjectReader& reader, const json& value) {
    static const std::vector<std::string> kBoolKeys = {
        "sign_up_enabled",         "credential_enabled",   "magic_link_enabled",
        "passkey_enabled",         "client_team_creation_enabled", "client_user_deletion_enabled",
        "allow_localhost",         "allow_user_api_keys",  "allow_team_api_keys",
        "create_team_on_sign_up",  "require_email_verification"};
    std::vector<std::string> keys = kBoolKeys;
    for (const char* key : {"email_config", "email_theme", "domains", "oauth_providers",
                            "team_creator_default_permissions", "team_member_default_permissions",
                            "user_default_permissions", "oauth_account_merge_strategy"}) {
        keys.emplace_back(key);
    }
    ObjectReader config("body.config", value, keys);
    json legacy = json::object();
    if (!value.is_object()) {
        Merge(reader, config);
        return legacy;
    }
    for (const auto& key : kBoolKeys) {
        if (auto flag = config.Bool(key)) {
            legacy[key] = *flag;
        }
    }
    if (auto theme = config.String("email_theme")) {
        legacy["email_theme"] = *theme;
    }
    if (auto strategy =
            config.OneOf("oauth_account_merge_strategy", {"link_method", "raise_error", "allow_duplicates"})) {
        legacy["oauth_account_merge_strategy"] = *strategy;
    }
    if (value.contains("email_config")) {
        legacy["email_config"] = ReadEmailConfig(config, value["email_config"]);
    }
    if (value.contains("domains")) {
        legacy["domains"] = ReadDomains(config, value);
    }
    if (value.contains("oauth_providers")) {
        legacy["oauth_providers"] = ReadOAuthProviders(config, value);
    }
    for (const char* key :
         {"team_creator_default_permissions", "team_member_default_permissions", "user_default_permissions"}) {
        if (value.contains(key)) {
            legacy[key] = ReadPermissionList(config, value, key);
        }
    }
    Merge(reader, config);
    return legacy;
}

}  // namespace

const std::vector<std::string>& ProjectUpdateKeys() {
    static const std::vector<std::string> kKeys = {
        "display_name",  "description",        "logo_url",          "logo_full_url",     "logo_dark_mode_url",
        "logo_full_dark_mode_url", "is_production_mode", "onboarding_status", "config"};
    return kKeys;
}

domain::ProjectInput ReadProjectInput(ObjectReader& reader, const json& body, bool creating) {
    domain::ProjectInput input;
    input.display_name = reader.String("display_name", {.required = creating});
    if (auto description = reader.NullableString("description", {.nullable = true})) {
        input.description = description->value_or("");
    }
    input.logo_url = ReadLogo(reader, "logo_url");
    input.logo_full_url = ReadLogo(reader, "logo_full_url");
    input.logo_dark_mode_url = ReadLogo(reader, "logo_dark_mode_url");
    input.logo_full_dark_mode_url = ReadLogo(reader, "logo_full_dark_mode_url");
    input.is_production_mode = reader.Bool("is_production_mode");
    input.onboarding_status = reader.OneOf("onboarding_status", kOnboardingStatuses);
    if (body.is_object() && body.contains("config") && !body["config"].is_null()) {
        input.legacy_config = ReadLegacyConfig(reader, body["config"]);
    }
    return input;
}

}  // namespace stackd::api::v1::schema
