#include "domain/webhook_events.hpp"

// The user and team events carry the server read objects, exactly what GET /users/{id}
// and GET /teams/{id} answer with a server key; those shapes live in the schema layer and
// are pure functions of the domain structs.
#include "jobs/outbox.hpp"
#include "wire/team_json.hpp"
#include "wire/user_json.hpp"

namespace stackd::domain::webhook_events {
namespace {

using nlohmann::json;

void Emit(storage::Connection& db, const TenancyView& tenancy, const char* type, json data, int64_t now_ms) {
    const json payload = {{"project_id", tenancy.project.id}, {"type", type}, {"data", std::move(data)}};
    jobs::outbox::Enqueue(db, tenancy.tenancy->id, jobs::outbox::Kind::kWebhook, payload, now_ms);
}

bool RequireEmailVerification(const TenancyView& tenancy) {
    const auto& value = tenancy.config[json::json_pointer("/onboarding/requireEmailVerification")];
    return value.is_boolean() && value.get<bool>();
}

json ServerUser(const TenancyView& tenancy, const User& user) {
    return wire::UserToJson(user, AccessType::kServer, RequireEmailVerification(tenancy));
}

json Membership(const std::string& team_id, const std::string& user_id) {
    return {{"team_id", team_id}, {"user_id", user_id}};
}

json TeamGrant(const std::string& team_id, const std::string& user_id, const std::string& permission_id) {
    return {{"id", permission_id}, {"team_id", team_id}, {"user_id", user_id}};
}

}  // namespace

void UserCreated(storage::Connection& db, const TenancyView& tenancy, const User& user, int64_t now_ms) {
    Emit(db, tenancy, "user.created", ServerUser(tenancy, user), now_ms);
}

void UserUpdated(storage::Connection& db, const TenancyView& tenancy, const User& user, int64_t now_ms) {
    Emit(db, tenancy, "user.updated", ServerUser(tenancy, user), now_ms);
}

void UserDeleted(storage::Connection& db, const TenancyView& tenancy, const std::string& user_id,
                 const std::vector<std::string>& team_ids, int64_t now_ms) {
    json teams = json::array();
    for (const auto& team_id : team_ids) {
        Emit(db, tenancy, "team_membership.deleted", Membership(team_id, user_id), now_ms);
        teams.push_back({{"id", team_id}});
    }
    Emit(db, tenancy, "user.deleted", {{"id", user_id}, {"teams", std::move(teams)}}, now_ms);
}

void TeamCreated(storage::Connection& db, const TenancyView& tenancy, const Team& team, int64_t now_ms) {
    Emit(db, tenancy, "team.created", wire::TeamToJson(team, AccessType::kServer), now_ms);
}

void TeamUpdated(storage::Connection& db, const TenancyView& tenancy, const Team& team, int64_t now_ms) {
    Emit(db, tenancy, "team.updated", wire::TeamToJson(team, AccessType::kServer), now_ms);
}

void TeamDeleted(storage::Connection& db, const TenancyView& tenancy, const std::string& team_id, int64_t now_ms) {
    Emit(db, tenancy, "team.deleted", {{"id", team_id}}, now_ms);
}

void TeamMembershipCreated(storage::Connection& db, const TenancyView& tenancy, const std::string& team_id,
                           const std::string& user_id, const std::vector<std::string>& granted_permission_ids,
                           int64_t now_ms) {
    Emit(db, tenancy, "team_membership.created", Membership(team_id, user_id), now_ms);
    for (const auto& permission_id : granted_permission_ids) {
        TeamPermissionCreated(db, tenancy, team_id, user_id, permission_id, now_ms);
    }
}

void TeamMembershipDeleted(storage::Connection& db, const TenancyView& tenancy, const std::string& team_id,
                           const std::string& user_id, int64_t now_ms) {
    Emit(db, tenancy, "team_membership.deleted", Membership(team_id, user_id), now_ms);
}

void TeamPermissionCreated(storage::Connection& db, const TenancyView& tenancy, const std::string& team_id,
                           const std::string& user_id, const std::string& permission_id, int64_t now_ms) {
    Emit(db, tenancy, "team_permission.created", TeamGrant(team_id, user_id, permission_id), now_ms);
}

void TeamPermissionDeleted(storage::Connection& db, const TenancyView& tenancy, const std::string& team_id,
                           const std::string& user_id, const std::string& permission_id, int64_t now_ms) {
    Emit(db, tenancy, "team_permission.deleted", TeamGrant(team_id, user_id, permission_id), now_ms);
}

void ProjectPermissionCreated(storage::Connection& db, const TenancyView& tenancy, const std::string& user_id,
                              const std::string& permission_id, int64_t now_ms) {
    Emit(db, tenancy, "project_permission.created", {{"id", permission_id}, {"user_id", user_id}}, now_ms);
}

void ProjectPermissionDeleted(storage::Connection& db, const TenancyView& tenancy, const std::string& user_id,
                              const std::string& permission_id, int64_t now_ms) {
    Emit(db, tenancy, "project_permission.deleted", {{"id", permission_id}, {"user_id", user_id}}, now_ms);
}

}  // namespace stackd::domain::webhook_events
