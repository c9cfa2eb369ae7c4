#include "domain/legacy_config.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "crypto/random.hpp"
#include "domain/permissions.hpp"

namespace stackd::domain::legacy_config {
namespace {

using nlohmann::json;
using FieldMap = std::pair<const char*, const char*>;

// Config provider field → legacy field.
constexpr FieldMap kProviderFieldsToRead[] = {{"clientId", "client_id"},
                                              {"clientSecret", "client_secret"},
                                              {"facebookConfigId", "facebook_config_id"},
                                              {"microsoftTenantId", "microsoft_tenant_id"}};
// Legacy email_config field → emails.server field.
constexpr FieldMap kEmailFieldsToWrite[] = {{"host", "host"},         {"port", "port"},
                                            {"username", "username"}, {"password", "password"},
                                            {"sender_name", "senderName"}, {"sender_email", "senderEmail"}};

// Enabled default-permission ids that name an existing definition of `scope`, as [{id}].
json DefaultPermissions(const json& enabled, const std::vector<permissions::Definition>& definitions) {
    std::vector<std::string> ids;
    if (enabled.is_object()) {
        for (const auto& [id, on] : enabled.items()) {
            const bool exists = std::any_of(definitions.begin(), definitions.end(),
                                            [&](const permissions::Definition& d) { return d.id == id; });
            if (on == true && exists) {
                ids.push_back(id);
            }
        }
    }
    std::sort(ids.begin(), ids.end(), permissions::StringLess);
    json out = json::array();
    for (const auto& id : ids) {
        out.push_back({{"id", id}});
    }
    return out;
}

json OAuthProviders(const json& rendered) {
    json providers = json::array();
    for (const auto& [config_id, provider] : rendered["auth"]["oauth"]["providers"].items()) {
        if (!provider.is_object() || !provider.contains("type") || provider.value("allowSignIn", false) != true) {
            continue;
        }
        json item = {{"provider_config_id", config_id},
                     {"id", provider["type"]},
                     {"type", provider.value("isShared", true) ? "shared" : "standard"}};
        for (const auto& [from, to] : kProviderFieldsToRead) {
            if (provider.contains(from) && !provider[from].is_null()) {
                item[to] = provider[from];
            }
        }
        if (provider.contains("appleBundles") && provider["appleBundles"].is_object()) {
            json bundle_ids = json::array();
            for (const auto& [key, bundle] : provider["appleBundles"].items()) {
                if (bundle.is_object() && bundle.contains("bundleId") && bundle["bundleId"].is_string() &&
                    !bundle["bundleId"].get<std::string>().empty()) {
                    bundle_ids.push_back(bundle["bundleId"]);
                }
            }
            item["apple_bundle_ids"] = bundle_ids;
        }
        providers.push_back(std::move(item));
    }
    std::stable_sort(providers.begin(), providers.end(), [](const json& a, const json& b) {
        return permissions::StringLess(a["id"].get<std::string>(), b["id"].get<std::string>());
    });
    return providers;
}

json Domains(const json& rendered) {
    json domains = json::array();
    for (const auto& [key, domain] : rendered["domains"]["trustedDomains"].items()) {
        if (domain.is_object() && domain.contains("baseUrl") && domain["baseUrl"].is_string()) {
            domains.push_back({{"domain", domain["baseUrl"]}, {"handler_path", domain.value("handlerPath", "/handler")}});
        }
    }
    std::stable_sort(domains.begin(), domains.end(), [](const json& a, const json& b) {
        return permissions::StringLess(a["domain"].get<std::string>(), b["domain"].get<std::string>());
    });
    return domains;
}

// Copies `from` of `server` to `to` of `out` when present and not null.
void CopyIfSet(json& out, const char* to, const json& server, const char* from) {
    if (server.contains(from) && !server[from].is_null()) {
        out[to] = server[from];
    }
}

json EmailConfig(const json& rendered) {
    const json& server = rendered["emails"]["server"];
    if (server.value("isShared", true)) {
        return {{"type", "shared"}};
    }
    json out = {{"type", "standard"}};
    if (server.value("provider", "smtp") == "managed") {
        out["host"] = "smtp.resend.com";
        out["port"] = 465;
        out["username"] = "resend";
        CopyIfSet(out, "password", server, "password");
        CopyIfSet(out, "sender_name", server, "senderName");
        if (server.contains("managedSubdomain") && server["managedSubdomain"].is_string() &&
            server.contains("managedSenderLocalPart") && server["managedSenderLocalPart"].is_string() &&
            !server["managedSubdomain"].get<std::string>().empty() &&
            !server["managedSenderLocalPart"].get<std::string>().empty()) {
            out["sender_email"] = server["managedSenderLocalPart"].get<std::string>() + "@" +
                                  server["managedSubdomain"].get<std::string>();
        } else {
            CopyIfSet(out, "sender_email", server, "senderEmail");
        }
        return out;
    }
    CopyIfSet(out, "host", server, "host");
    CopyIfSet(out, "port", server, "port");
    CopyIfSet(out, "username", server, "username");
    CopyIfSet(out, "password", server, "password");
    CopyIfSet(out, "sender_name", server, "senderName");
    CopyIfSet(out, "sender_email", server, "senderEmail");
    return out;
}

json PermissionMap(const json& list) {
    json map = json::object();
    for (const auto& item : list) {
        map[item["id"].get<std::string>()] = true;
    }
    return map;
}

}  // namespace

json FromRenderedConfig(const json& rendered) {
    const json providers = OAuthProviders(rendered);
    const auto team_definitions = permissions::ListDefinitions(rendered, permissions::Scope::kTeam);
    const auto project_definitions = permissions::ListDefinitions(rendered, permissions::Scope::kProject);
    const json& defaults = rendered["rbac"]["defaultPermissions"];
    return {
        {"allow_localhost", rendered["domains"]["allowLocalhost"]},
        {"client_team_creation_enabled", rendered["teams"]["allowClientTeamCreation"]},
        {"client_user_deletion_enabled", rendered["users"]["allowClientUserDeletion"]},
        {"sign_up_enabled", rendered["auth"]["allowSignUp"]},
        {"oauth_account_merge_strategy", rendered["auth"]["oauth"]["accountMergeStrategy"]},
        {"create_team_on_sign_up", rendered["teams"]["createPersonalTeamOnSignUp"]},
        {"credential_enabled", rendered["auth"]["password"]["allowSignIn"]},
        {"magic_link_enabled", rendered["auth"]["otp"]["allowSignIn"]},
        {"passkey_enabled", rendered["auth"]["passkey"]["allowSignIn"]},
        {"oauth_providers", providers},
        // The schema of enabled_oauth_providers keeps only {id}.
        {"enabled_oauth_providers",
         [&] {
             json enabled = json::array();
             for (const auto& provider : providers) {
                 enabled.push_back({{"id", provider["id"]}});
             }
             return enabled;
         }()},
        {"domains", Domains(rendered)},
        {"email_config", EmailConfig(rendered)},
        {"email_theme", rendered["emails"]["selectedThemeId"]},
        {"team_creator_default_permissions", DefaultPermissions(defaults["teamCreator"], team_definitions)},
        {"team_member_default_permissions", DefaultPermissions(defaults["teamMember"], team_definitions)},
        {"user_default_permissions", DefaultPermissions(defaults["signUp"], project_definitions)},
        {"allow_user_api_keys", rendered["apiKeys"]["enabled"]["user"]},
        {"allow_team_api_keys", rendered["apiKeys"]["enabled"]["team"]},
    };
}

json ToEnvironmentOverride(const json& legacy, bool creating) {
    json out = json::object();
    auto copy = [&](const char* from, const char* to) {
        if (legacy.contains(from)) {
            out[to] = legacy[from];
        }
    };
    copy("sign_up_enabled", "auth.allowSignUp");
    copy("credential_enabled", "auth.password.allowSignIn");
    copy("magic_link_enabled", "auth.otp.allowSignIn");
    copy("passkey_enabled", "auth.passkey.allowSignIn");
    copy("oauth_account_merge_strategy", "auth.oauth.accountMergeStrategy");
    if (legacy.contains("oauth_providers")) {
        json providers = json::object();
        for (const auto& provider : legacy["oauth_providers"]) {
            json entry = {{"type", provider["id"]},
                          {"isShared", provider["type"] == "shared"},
                          {"allowSignIn", true},
                          {"allowConnectedAccounts", true}};
            for (const auto& [to, from] : kProviderFieldsToRead) {
                if (provider.contains(from)) {
                    entry[to] = provider[from];
                }
            }
            if (provider.contains("apple_bundle_ids")) {
                json bundles = json::object();
                for (const auto& bundle_id : provider["apple_bundle_ids"]) {
                    bundles[crypto::RandomUuidV4()] = {{"bundleId", bundle_id}};
                }
                entry["appleBundles"] = bundles;
            }
            providers[provider["id"].get<std::string>()] = std::move(entry);
        }
        out["auth.oauth.providers"] = providers;
    }
    copy("client_user_deletion_enabled", "users.allowClientUserDeletion");
    copy("client_team_creation_enabled", "teams.allowClientTeamCreation");
    copy("create_team_on_sign_up", "teams.createPersonalTeamOnSignUp");
    copy("allow_localhost", "domains.allowLocalhost");
    if (legacy.contains("domains")) {
        json domains = json::object();
        for (const auto& domain : legacy["domains"]) {
            domains[crypto::RandomUuidV4()] = {{"baseUrl", domain["domain"]}, {"handlerPath", domain["handler_path"]}};
        }
        out["domains.trustedDomains"] = domains;
    }
    copy("allow_user_api_keys", "apiKeys.enabled.user");
    copy("allow_team_api_keys", "apiKeys.enabled.team");
    if (legacy.contains("email_config")) {
        const json& email = legacy["email_config"];
        json server = {{"isShared", email["type"] == "shared"}, {"provider", "smtp"}};
        for (const auto& [from, to] : kEmailFieldsToWrite) {
            if (email.contains(from)) {
                server[to] = email[from];
            }
        }
        out["emails.server"] = server;
    }
    copy("email_theme", "emails.selectedThemeId");
    if (legacy.contains("team_member_default_permissions")) {
        out["rbac.defaultPermissions.teamMember"] = PermissionMap(legacy["team_member_default_permissions"]);
    }
    if (legacy.contains("team_creator_default_permissions")) {
        out["rbac.defaultPermissions.teamCreator"] = PermissionMap(legacy["team_creator_default_permissions"]);
    }
    if (legacy.contains("user_default_permissions")) {
        out["rbac.defaultPermissions.signUp"] = PermissionMap(legacy["user_default_permissions"]);
    }
    copy("require_email_verification", "onboarding.requireEmailVerification");

    if (creating) {
        auto fill = [&](const char* key, json value) {
            if (!out.contains(key)) {
                out[key] = std::move(value);
            }
        };
        fill("rbac.permissions.team_member",
             {{"description", "Default permission for team members"},
              {"scope", "team"},
              {"containedPermissionIds", {{"$read_members", true}, {"$invite_members", true}}}});
        fill("rbac.permissions.team_admin",
             {{"description", "Default permission for team admins"},
              {"scope", "team"},
              {"containedPermissionIds",
               {{"$update_team", true},
                {"$delete_team", true},
                {"$read_members", true},
                {"$remove_members", true},
                {"$invite_members", true},
                {"$manage_api_keys", true}}}});
        fill("rbac.defaultPermissions.teamCreator", {{"team_admin", true}});
        fill("rbac.defaultPermissions.teamMember", {{"team_member", true}});
        fill("auth.password.allowSignIn", true);
        fill("apps.installed.authentication.enabled", true);
        fill("apps.installed.emails.enabled", true);
    }
    return out;
}

}  // namespace stackd::domain::legacy_config
