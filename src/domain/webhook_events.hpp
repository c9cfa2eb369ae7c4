#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/projects.hpp"
#include "domain/team.hpp"
#include "domain/user.hpp"
#include "storage/store.hpp"

namespace stackd::domain::webhook_events {

// Upstream's webhook catalogue (platform.md §3.2). Each function writes the event to the
// outbox on the caller's connection, so it is delivered iff the change that caused it
// commits; the webhook worker sends it to Svix. Call sites mirror upstream's: the users,
// teams, team-memberships, team-permissions and project-permissions CRUD handlers.
//
// A row's payload is {"project_id", "type", "data"}; Svix gets eventType = type and the
// payload {"type", "data"}.

// `data` is the server user read object.
void UserCreated(storage::Connection& db, const TenancyView& tenancy, const User& user, int64_t now_ms);
void UserUpdated(storage::Connection& db, const TenancyView& tenancy, const User& user, int64_t now_ms);
// team_membership.deleted once per team the user belonged to (oldest team first), then
// user.deleted {id, teams: [{id}]}.
void UserDeleted(storage::Connection& db, const TenancyView& tenancy, const std::string& user_id,
                 const std::vector<std::string>& team_ids, int64_t now_ms);

// `data` is the server team read object; team.deleted carries {id} only.
void TeamCreated(storage::Connection& db, const TenancyView& tenancy, const Team& team, int64_t now_ms);
void TeamUpdated(storage::Connection& db, const TenancyView& tenancy, const Team& team, int64_t now_ms);
void TeamDeleted(storage::Connection& db, const TenancyView& tenancy, const std::string& team_id, int64_t now_ms);

// team_membership.created {team_id, user_id}, then team_permission.created for each of
// the teamMember default permissions the new member was granted.
void TeamMembershipCreated(storage::Connection& db, const TenancyView& tenancy, const std::string& team_id,
                           const std::string& user_id, const std::vector<std::string>& granted_permission_ids,
                           int64_t now_ms);
void TeamMembershipDeleted(storage::Connection& db, const TenancyView& tenancy, const std::string& team_id,
                           const std::string& user_id, int64_t now_ms);

// {id, team_id, user_id}
void TeamPermissionCreated(storage::Connection& db, const TenancyView& tenancy, const std::string& team_id,
                           const std::string& user_id, const std::string& permission_id, int64_t now_ms);
void TeamPermissionDeleted(storage::Connection& db, const TenancyView& tenancy, const std::string& team_id,
                           const std::string& user_id, const std::string& permission_id, int64_t now_ms);

// {id, user_id}
void ProjectPermissionCreated(storage::Connection& db, const TenancyView& tenancy, const std::string& user_id,
                              const std::string& permission_id, int64_t now_ms);
void ProjectPermissionDeleted(storage::Connection& db, const TenancyView& tenancy, const std::string& user_id,
                              const std::string& permission_id, int64_t now_ms);

}  // namespace stackd::domain::webhook_events
