#include "api/v1/schema/project_json.hpp"

#include <algorithm>

#include "domain/legacy_config.hpp"

namespace stackd::api::v1::schema {
namespace {

using nlohmann::json;

// Providers that have a type and allow sign-in, as [{id: <type>}] sorted by id.
json EnabledOAuthProviders(const json& config) {
    json providers = json::array();
    for (const auto& [key, provider] : config["auth"]["oauth"]["providers"].items()) {
        if (provider.contains("type") && provider.value("allowSignIn", false)) {
            providers.push_back({{"id", provider["type"]}});
        }
    }
    std::sort(providers.begin(), providers.end(),
              [](const json& a, const json& b) { return a["id"].get<std::string>() < b["id"].get<std::string>(); });
    return providers;
}

// Trusted domains with a base URL, as [{domain, handler_path}] sorted by domain.
json Domains(const json& config) {
    json domains = json::array();
    for (const auto& [key, domain] : config["domains"]["trustedDomains"].items()) {
        if (domain.contains("baseUrl") && domain["baseUrl"].is_string()) {
            domains.push_back({{"domain", domain["baseUrl"]}, {"handler_path", domain.value("handlerPath", "/handler")}});
        }
    }
    std::sort(domains.begin(), domains.end(), [](const json& a, const json& b) {
        return a["domain"].get<std::string>() < b["domain"].get<std::string>();
    });
    return domains;
}

}  // namespace

json ProjectClientRead(const domain::Project& project, const json& config) {
    return {
        {"id", project.id},
        {"display_name", project.display_name},
        {"config",
         {{"sign_up_enabled", config["auth"]["allowSignUp"]},
          {"credential_enabled", config["auth"]["password"]["allowSignIn"]},
          {"magic_link_enabled", config["auth"]["otp"]["allowSignIn"]},
          {"passkey_enabled", config["auth"]["passkey"]["allowSignIn"]},
          {"client_team_creation_enabled", config["teams"]["allowClientTeamCreation"]},
          {"client_user_deletion_enabled", config["users"]["allowClientUserDeletion"]},
          {"allow_user_api_keys", config["apiKeys"]["enabled"]["user"]},
          {"allow_team_api_keys", config["apiKeys"]["enabled"]["team"]},
          {"enabled_oauth_providers", EnabledOAuthProviders(config)},
          {"domains", Domains(config)}}},
    };
}

json ProjectAdminRead(const domain::Project& project, const json& config) {
    auto optional_text = [](const std::optional<std::string>& text) { return text ? json(*text) : json(nullptr); };
    return {
        {"id", project.id},
        {"display_name", project.display_name},
        {"description", project.description},
        {"logo_url", optional_text(project.logo_url)},
        {"logo_full_url", optional_text(project.logo_full_url)},
        {"logo_dark_mode_url", optional_text(project.logo_dark_mode_url)},
        {"logo_full_dark_mode_url", optional_text(project.logo_full_dark_mode_url)},
        {"created_at_millis", project.created_at_ms},
        {"is_production_mode", project.is_production_mode},
        {"owner_team_id", optional_text(project.owner_team_id)},
        {"onboarding_status", project.onboarding_status},
        {"config", domain::legacy_config::FromRenderedConfig(config)},
    };
}

}  // namespace stackd::api::v1::schema
