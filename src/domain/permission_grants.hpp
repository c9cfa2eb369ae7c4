#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/permissions.hpp"
#include "domain/projects.hpp"
#include "domain/team_repository.hpp"
#include "storage/store.hpp"

namespace stackd::domain::permission_grants {

// Upstream's request checks and grant helpers (lib/request-checks.tsx, lib/permissions.tsx),
// run on the caller's connection so checks and writes share one transaction.

void EnsureUserExists(storage::Connection& db, const std::string& tenancy_id, const std::string& user_id);
void EnsureTeamExists(storage::Connection& db, const std::string& tenancy_id, const std::string& team_id);
// USER_NOT_FOUND first, then TEAM_MEMBERSHIP_NOT_FOUND.
void EnsureMembership(storage::Connection& db, const std::string& tenancy_id, const std::string& team_id,
                      const std::string& user_id);

// Grants of `scope` (project: team_id ignored), expanded through the config's definitions
// when `recursive`, filtered by permission_id afterwards, sorted by (team, user, id).
struct ListFilter {
    std::optional<std::string> team_id;
    std::optional<std::string> user_id;
    std::optional<std::string> permission_id;
    bool recursive = false;
};
std::vector<team_repository::Grant> List(storage::Connection& db, const TenancyView& tenancy,
                                         permissions::Scope scope, const ListFilter& filter);

// Membership checks, then TEAM_PERMISSION_REQUIRED (`required`) or TEAM_PERMISSION_NOT_FOUND.
void EnsureTeamPermission(storage::Connection& db, const TenancyView& tenancy, const std::string& team_id,
                          const std::string& user_id, const std::string& permission_id, bool required,
                          bool recursive);

// Upserts a direct grant after checking the id names a permission of the scope
// (PERMISSION_NOT_FOUND / WRONG_PERMISSION_SCOPE).
void GrantTeam(storage::Connection& db, const TenancyView& tenancy, const std::string& team_id,
               const std::string& user_id, const std::string& permission_id, int64_t now_ms);
void GrantProject(storage::Connection& db, const TenancyView& tenancy, const std::string& user_id,
                  const std::string& permission_id, int64_t now_ms);

// rbac.defaultPermissions.<set>: teamCreator / teamMember for a new member, signUp for a new
// user. Ids whose definition was deleted since are skipped. Returns the granted ids.
std::vector<std::string> GrantDefaultTeamPermissions(storage::Connection& db, const TenancyView& tenancy,
                                                     const std::string& team_id, const std::string& user_id,
                                                     bool creator, int64_t now_ms);
std::vector<std::string> GrantSignUpPermissions(storage::Connection& db, const TenancyView& tenancy,
                                                const std::string& user_id, int64_t now_ms);

}  // namespace stackd::domain::permission_grants
