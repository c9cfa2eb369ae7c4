#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/team.hpp"
#include "storage/store.hpp"

namespace stackd::domain::team_repository {

// SQL for teams, memberships and direct permission grants, shared by both backends.
// Every query is scoped by tenancy_id. Lists come back in creation order.

std::optional<Team> FindTeam(storage::Connection& db, const std::string& tenancy_id, const std::string& team_id);
// All teams of the tenancy, or those `user_id` is a member of.
std::vector<Team> ListTeams(storage::Connection& db, const std::string& tenancy_id,
                            const std::optional<std::string>& user_id);
void InsertTeam(storage::Connection& db, const Team& team);
void UpdateTeam(storage::Connection& db, const Team& team);
// Memberships and grants go with the team (cascade); selections of it are cleared.
bool DeleteTeam(storage::Connection& db, const std::string& tenancy_id, const std::string& team_id);
// Renames every team of the user whose display name is exactly `from`.
void RenameUserTeams(storage::Connection& db, const std::string& tenancy_id, const std::string& user_id,
                     const std::string& from, const std::string& to);

std::optional<TeamMember> FindMember(storage::Connection& db, const std::string& tenancy_id,
                                     const std::string& team_id, const std::string& user_id);
std::vector<TeamMember> ListMembers(storage::Connection& db, const std::string& tenancy_id,
                                    const std::optional<std::string>& team_id,
                                    const std::optional<std::string>& user_id);
void InsertMember(storage::Connection& db, const std::string& tenancy_id, const std::string& team_id,
                  const std::string& user_id, int64_t now_ms);
// The member's grants go with it; a selection of the team by the user is cleared.
void DeleteMember(storage::Connection& db, const std::string& tenancy_id, const std::string& team_id,
                  const std::string& user_id);
void UpdateMemberProfile(storage::Connection& db, const std::string& tenancy_id, const TeamMember& member);
void SetSelectedTeam(storage::Connection& db, const std::string& tenancy_id, const std::string& user_id,
                     const std::optional<std::string>& team_id);

// A direct grant: team_id is empty for project permissions.
struct Grant {
    std::string team_id;
    std::string user_id;
    std::string permission_id;
};
void GrantTeamPermission(storage::Connection& db, const std::string& tenancy_id, const std::string& team_id,
                         const std::string& user_id, const std::string& permission_id, int64_t now_ms);
bool RevokeTeamPermission(storage::Connection& db, const std::string& tenancy_id, const std::string& team_id,
                          const std::string& user_id, const std::string& permission_id);
std::vector<Grant> ListTeamGrants(storage::Connection& db, const std::string& tenancy_id,
                                  const std::optional<std::string>& team_id, const std::optional<std::string>& user_id);

void GrantProjectPermission(storage::Connection& db, const std::string& tenancy_id, const std::string& user_id,
                            const std::string& permission_id, int64_t now_ms);
bool RevokeProjectPermission(storage::Connection& db, const std::string& tenancy_id, const std::string& user_id,
                             const std::string& permission_id);
std::vector<Grant> ListProjectGrants(storage::Connection& db, const std::string& tenancy_id,
                                     const std::optional<std::string>& user_id);

// Definitions live in the tenancy's environment config, so their changes touch its grants only.
void RenameGrants(storage::Connection& db, const std::string& tenancy_id, const std::string& old_id,
                  const std::string& new_id);
void DeleteGrants(storage::Connection& db, const std::string& tenancy_id, bool team_scope,
                  const std::string& permission_id);

}  // namespace stackd::domain::team_repository
