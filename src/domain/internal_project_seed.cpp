#include "domain/internal_project_seed.hpp"

#include <spdlog/spdlog.h>

#include "crypto/random.hpp"
#include "domain/project_config.hpp"
#include "domain/project.hpp"
#include "domain/project_repository.hpp"
#include "domain/team_repository.hpp"

namespace stackd::domain {
namespace {

using nlohmann::json;

constexpr const char* kInternalTeamId = "a23e1b7f-ab18-41fc-9ee6-7a9ca9fa543c";
constexpr const char* kInternalKeySetId = "3142e763-b230-44b5-8636-aa62f7489c26";
constexpr int64_t kKeySetExpiresAt = 4102444799000;  // 2099-12-31T23:59:59Z

// What upstream's legacy create path fills in for a new project, plus the seed's own
// creation-time values.
json CreationOverride(const config::Config::Seed& seed) {
    json providers = json::object();
    for (const auto& provider : seed.oauth_providers) {
        providers[provider] = {{"type", provider}, {"isShared", true}, {"allowSignIn", true},
                               {"allowConnectedAccounts", true}};
    }
    return {
        {"auth.password.allowSignIn", true},
        {"auth.oauth.providers", providers},
        {"domains.allowLocalhost", true},
        {"rbac.permissions.team_member",
         {{"description", "1"}, {"scope", "team"}, {"containedPermissionIds", {{"$read_members", true}}}}},
        {"rbac.permissions.team_admin",
         {{"description", "2"},
          {"scope", "team"},
          {"containedPermissionIds", {{"$read_members", true}, {"$remove_members", true}, {"$update_team", true}}}}},
        {"rbac.defaultPermissions.teamCreator", {{"team_admin", true}}},
        {"rbac.defaultPermissions.teamMember", {{"team_member", true}}},
        {"apps.installed.authentication.enabled", true},
        {"apps.installed.emails.enabled", true},
    };
}

// Applied on every start, so the environment decides these switches.
json EveryStartOverride(const config::Config::Seed& seed) {
    json update = {
        {"teams.createPersonalTeamOnSignUp", true},
        {"teams.allowClientTeamCreation", true},
        {"auth.allowSignUp", seed.sign_up_enabled},
        {"auth.otp.allowSignIn", seed.otp_enabled},
        {"domains.allowLocalhost", seed.allow_localhost},
        // team_member / team_admin are overwritten for the internal project on every start.
        {"rbac.permissions.team_member",
         {{"description", "1"}, {"scope", "team"}, {"containedPermissionIds", {{"$read_members", true}}}}},
        {"rbac.permissions.team_admin",
         {{"description", "2"},
          {"scope", "team"},
          {"containedPermissionIds", {{"$read_members", true}, {"$remove_members", true}, {"$update_team", true}}}}},
    };
    if (!seed.dashboard_url.empty() && seed.dashboard_url.find("://localhost") == std::string::npos) {
        update["domains.trustedDomains"] = {
            {crypto::RandomUuidV4(), {{"baseUrl", seed.dashboard_url}, {"handlerPath", "/handler"}}}};
    }
    return update;
}

json BranchOverride() {
    json apps = json::object();
    for (const char* app : {"authentication", "fraud-protection", "onboarding", "teams", "rbac", "api-keys",
                            "payments", "emails", "email-api", "data-vault", "webhooks", "tv-mode",
                            "launch-checklist", "catalyst", "neon", "convex", "vercel", "analytics"}) {
        apps[app] = {{"enabled", true}};
    }
    return {
        {"onboarding.requireEmailVerification", false},
        {"dataVault.stores.neon-connection-strings", {{"displayName", "Neon Connection Strings"}}},
        {"apps.installed", apps},
    };
}

void SeedOnce(storage::Store& store, int64_t now, const config::Config::Seed& seed);

}  // namespace

void SeedInternalProject(storage::Store& store, const util::Clock& clock, const config::Config::Seed& seed) {
    const int64_t now = clock.NowMillis();
    // Nodes starting together on one PostgreSQL database race to create the project; the
    // loser's insert hits the primary key, and its second attempt finds the project.
    for (int attempt = 1;; ++attempt) {
        try {
            SeedOnce(store, now, seed);
            return;
        } catch (const storage::UniqueViolation&) {
            if (attempt >= 2) {
                throw;
            }
        }
    }
}

namespace {

void SeedOnce(storage::Store& store, int64_t now, const config::Config::Seed& seed) {
    store.Write([&](storage::Connection& db) {
        const bool exists = project_repository::FindProject(db, kInternalProjectId).has_value();
        auto overrides = project_repository::LoadOverrides(db, kInternalProjectId, kDefaultBranchId);
        if (!exists) {
            Project project;
            project.id = kInternalProjectId;
            project.display_name = "Stack Dashboard";
            project.description = "Stack's admin dashboard";
            project.owner_team_id = kInternalTeamId;
            project_repository::InsertProject(db, project, now);
            project_repository::InsertTenancy(db, kInternalProjectId, kDefaultBranchId, now);
            overrides.environment = project_config::ApplyOverride(overrides.environment, CreationOverride(seed));
            spdlog::info("created the internal project");
        }
        // Step 5: the owner team, inserted directly when missing (no members, no webhooks).
        const auto tenancy = project_repository::FindTenancy(db, kInternalProjectId, kDefaultBranchId);
        if (tenancy && !team_repository::FindTeam(db, tenancy->id, kInternalTeamId)) {
            Team team;
            team.tenancy_id = tenancy->id;
            team.id = kInternalTeamId;
            team.display_name = "Internal Team";
            team.created_at_ms = now;
            team_repository::InsertTeam(db, team);
        }
        overrides.environment = project_config::ApplyOverride(overrides.environment, EveryStartOverride(seed));
        overrides.branch = project_config::ApplyOverride(overrides.branch, BranchOverride());
        project_repository::SaveEnvironmentOverride(db, kInternalProjectId, kDefaultBranchId, overrides.environment,
                                                    now);
        project_repository::SaveBranchOverride(db, kInternalProjectId, kDefaultBranchId, overrides.branch, now);
        project_repository::UpsertKeySet(db, kInternalProjectId, kInternalKeySetId, "Internal API key set",
                                         kKeySetExpiresAt,
                                         {seed.publishable_client_key, seed.secret_server_key,
                                          seed.super_secret_admin_key},
                                         now);
    });
}

}  // namespace
}  // namespace stackd::domain
