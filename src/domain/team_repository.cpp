#include "domain/team_repository.hpp"

namespace stackd::domain::team_repository {
namespace {

using storage::Null;
using storage::Value;

Value OptText(const std::optional<std::string>& text) { return text ? Value(*text) : Null(); }
// Appends "AND <column> = $n" for each given filter: PostgreSQL cannot type a parameter
// that only appears in "$n IS NULL", so absent filters stay out of the SQL.
std::string Filters(storage::Params& params, const std::vector<std::pair<const char*, std::optional<std::string>>>& filters) {
    std::string sql;
    for (const auto& [column, value] : filters) {
        if (value) {
            params.push_back(*value);
            sql += std::string(" AND ") + column + " = $" + std::to_string(params.size());
        }
    }
    return sql;
}

nlohmann::json ParseJson(const std::string& text) {
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    return parsed.is_discarded() ? nlohmann::json(nullptr) : parsed;
}

constexpr const char* kSelectTeamColumns =
    "SELECT t.tenancy_id, t.id, t.display_name, t.profile_image_url, t.client_metadata, "
    "t.client_read_only_metadata, t.server_metadata, t.created_at ";
const std::string kSelectTeam = std::string(kSelectTeamColumns) + "FROM teams t ";

Team ToTeam(const storage::Row& row) {
    Team team;
    team.tenancy_id = row.Text(0);
    team.id = row.Text(1);
    team.display_name = row.Text(2);
    team.profile_image_url = row.OptText(3);
    team.client_metadata = ParseJson(row.Text(4));
    team.client_read_only_metadata = ParseJson(row.Text(5));
    team.server_metadata = ParseJson(row.Text(6));
    team.created_at_ms = row.Int(7);
    return team;
}

constexpr const char* kSelectMember =
    "SELECT m.team_id, m.user_id, m.display_name, m.profile_image_url FROM team_members m ";

TeamMember ToMember(const storage::Row& row) {
    return {row.Text(0), row.Text(1), row.OptText(2), row.OptText(3)};
}

// The next creation-order number of `table` in the tenancy (inside the write transaction).
int64_t NextSeq(storage::Connection& db, const char* table, const std::string& tenancy_id) {
    auto row = db.QueryOne(std::string("SELECT COALESCE(MAX(seq), 0) + 1 FROM ") + table + " WHERE tenancy_id = $1",
                           {tenancy_id});
    return row->Int(0);
}

}  // namespace

std::optional<Team> FindTeam(storage::Connection& db, const std::string& tenancy_id, const std::string& team_id) {
    auto row = db.QueryOne(std::string(kSelectTeam) + "WHERE t.tenancy_id = $1 AND t.id = $2", {tenancy_id, team_id});
    if (!row) {
        return std::nullopt;
    }
    return ToTeam(*row);
}

std::vector<Team> ListTeams(storage::Connection& db, const std::string& tenancy_id,
                            const std::optional<std::string>& user_id) {
    storage::Params params = {tenancy_id};
    std::string sql;
    if (user_id) {
        // Driven from the user's memberships (an index lookup) rather than by testing every
        // team of the tenancy, which SQLite would otherwise walk in seq order to avoid a sort:
        // in SQLite a CROSS JOIN keeps its left table outermost (PostgreSQL plans it freely).
        // A membership is unique per team and user, so no team repeats.
        sql = std::string(kSelectTeamColumns) +
              "FROM team_members m CROSS JOIN teams t WHERE m.tenancy_id = $1 AND m.user_id = $2 AND "
              "t.tenancy_id = m.tenancy_id AND t.id = m.team_id";
        params.push_back(*user_id);
    } else {
        sql = std::string(kSelectTeam) + "WHERE t.tenancy_id = $1";
    }
    std::vector<Team> teams;
    for (const auto& row : db.Query(sql + " ORDER BY t.seq ASC", params)) {
        teams.push_back(ToTeam(row));
    }
    return teams;
}

void InsertTeam(storage::Connection& db, const Team& team) {
    db.Execute(
        "INSERT INTO teams (tenancy_id, id, display_name, profile_image_url, client_metadata, "
        "client_read_only_metadata, server_metadata, created_at, seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        {team.tenancy_id, team.id, team.display_name, OptText(team.profile_image_url), team.client_metadata.dump(),
         team.client_read_only_metadata.dump(), team.server_metadata.dump(), team.created_at_ms,
         NextSeq(db, "teams", team.tenancy_id)});
}

void UpdateTeam(storage::Connection& db, const Team& team) {
    db.Execute(
        "UPDATE teams SET display_name = $3, profile_image_url = $4, client_metadata = $5, "
        "client_read_only_metadata = $6, server_metadata = $7 WHERE tenancy_id = $1 AND id = $2",
        {team.tenancy_id, team.id, team.display_name, OptText(team.profile_image_url), team.client_metadata.dump(),
         team.client_read_only_metadata.dump(), team.server_metadata.dump()});
}

bool DeleteTeam(storage::Connection& db, const std::string& tenancy_id, const std::string& team_id) {
    db.Execute("UPDATE users SET selected_team_id = NULL WHERE tenancy_id = $1 AND selected_team_id = $2",
               {tenancy_id, team_id});
    return db.Execute("DELETE FROM teams WHERE tenancy_id = $1 AND id = $2", {tenancy_id, team_id}) > 0;
}

void RenameUserTeams(storage::Connection& db, const std::string& tenancy_id, const std::string& user_id,
                     const std::string& from, const std::string& to) {
    db.Execute(
        "UPDATE teams SET display_name = $4 WHERE tenancy_id = $1 AND display_name = $3 AND id IN "
        "(SELECT team_id FROM team_members WHERE tenancy_id = $1 AND user_id = $2)",
        {tenancy_id, user_id, from, to});
}

std::optional<TeamMember> FindMember(storage::Connection& db, const std::string& tenancy_id,
                                     const std::string& team_id, const std::string& user_id) {
    auto row = db.QueryOne(std::string(kSelectMember) + "WHERE m.tenancy_id = $1 AND m.team_id = $2 AND m.user_id = $3",
                           {tenancy_id, team_id, user_id});
    if (!row) {
        return std::nullopt;
    }
    return ToMember(*row);
}

std::vector<TeamMember> ListMembers(storage::Connection& db, const std::string& tenancy_id,
                                    const std::optional<std::string>& team_id,
                                    const std::optional<std::string>& user_id) {
    std::vector<TeamMember> members;
    storage::Params params = {tenancy_id};
    const std::string where = Filters(params, {{"m.team_id", team_id}, {"m.user_id", user_id}});
    for (const auto& row :
         db.Query(std::string(kSelectMember) + "WHERE m.tenancy_id = $1" + where + " ORDER BY m.seq ASC", params)) {
        members.push_back(ToMember(row));
    }
    return members;
}

void InsertMember(storage::Connection& db, const std::string& tenancy_id, const std::string& team_id,
                  const std::string& user_id, int64_t now_ms) {
    db.Execute("INSERT INTO team_members (tenancy_id, team_id, user_id, created_at, seq) VALUES ($1, $2, $3, $4, $5)",
               {tenancy_id, team_id, user_id, now_ms, NextSeq(db, "team_members", tenancy_id)});
}

void DeleteMember(storage::Connection& db, const std::string& tenancy_id, const std::string& team_id,
                  const std::string& user_id) {
    db.Execute("UPDATE users SET selected_team_id = NULL WHERE tenancy_id = $1 AND id = $2 AND selected_team_id = $3",
               {tenancy_id, user_id, team_id});
    db.Execute("DELETE FROM team_members WHERE tenancy_id = $1 AND team_id = $2 AND user_id = $3",
               {tenancy_id, team_id, user_id});
}

void UpdateMemberProfile(storage::Connection& db, const std::string& tenancy_id, const TeamMember& member) {
    db.Execute(
        "UPDATE team_members SET display_name = $4, profile_image_url = $5 WHERE tenancy_id = $1 AND team_id = $2 "
        "AND user_id = $3",
        {tenancy_id, member.team_id, member.user_id, OptText(member.display_name), OptText(member.profile_image_url)});
}

void SetSelectedTeam(storage::Connection& db, const std::string& tenancy_id, const std::string& user_id,
                     const std::optional<std::string>& team_id) {
    db.Execute("UPDATE users SET selected_team_id = $3 WHERE tenancy_id = $1 AND id = $2",
               {tenancy_id, user_id, OptText(team_id)});
}

void GrantTeamPermission(storage::Connection& db, const std::string& tenancy_id, const std::string& team_id,
                         const std::string& user_id, const std::string& permission_id, int64_t now_ms) {
    db.Execute(
        "INSERT INTO team_member_permissions (tenancy_id, team_id, user_id, permission_id, created_at) "
        "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        {tenancy_id, team_id, user_id, permission_id, now_ms});
}

bool RevokeTeamPermission(storage::Connection& db, const std::string& tenancy_id, const std::string& team_id,
                          const std::string& user_id, const std::string& permission_id) {
    return db.Execute(
               "DELETE FROM team_member_permissions WHERE tenancy_id = $1 AND team_id = $2 AND user_id = $3 AND "
               "permission_id = $4",
               {tenancy_id, team_id, user_id, permission_id}) > 0;
}

std::vector<Grant> ListTeamGrants(storage::Connection& db, const std::string& tenancy_id,
                                  const std::optional<std::string>& team_id, const std::optional<std::string>& user_id) {
    std::vector<Grant> grants;
    storage::Params params = {tenancy_id};
    const std::string where = Filters(params, {{"team_id", team_id}, {"user_id", user_id}});
    for (const auto& row : db.Query(
             "SELECT team_id, user_id, permission_id FROM team_member_permissions WHERE tenancy_id = $1" + where,
             params)) {
        grants.push_back({row.Text(0), row.Text(1), row.Text(2)});
    }
    return grants;
}

void GrantProjectPermission(storage::Connection& db, const std::string& tenancy_id, const std::string& user_id,
                            const std::string& permission_id, int64_t now_ms) {
    db.Execute(
        "INSERT INTO project_user_permissions (tenancy_id, user_id, permission_id, created_at) "
        "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        {tenancy_id, user_id, permission_id, now_ms});
}

bool RevokeProjectPermission(storage::Connection& db, const std::string& tenancy_id, const std::string& user_id,
                             const std::string& permission_id) {
    return db.Execute("DELETE FROM project_user_permissions WHERE tenancy_id = $1 AND user_id = $2 AND permission_id = $3",
                      {tenancy_id, user_id, permission_id}) > 0;
}

std::vector<Grant> ListProjectGrants(storage::Connection& db, const std::string& tenancy_id,
                                     const std::optional<std::string>& user_id) {
    std::vector<Grant> grants;
    storage::Params params = {tenancy_id};
    const std::string where = Filters(params, {{"user_id", user_id}});
    for (const auto& row :
         db.Query("SELECT user_id, permission_id FROM project_user_permissions WHERE tenancy_id = $1" + where, params)) {
        grants.push_back({"", row.Text(0), row.Text(1)});
    }
    return grants;
}

void RenameGrants(storage::Connection& db, const std::string& tenancy_id, const std::string& old_id,
                  const std::string& new_id) {
    for (const char* table : {"team_member_permissions", "project_user_permissions"}) {
        db.Execute(std::string("UPDATE ") + table + " SET permission_id = $3 WHERE tenancy_id = $1 AND permission_id = $2",
                   {tenancy_id, old_id, new_id});
    }
}

void DeleteGrants(storage::Connection& db, const std::string& tenancy_id, bool team_scope,
                  const std::string& permission_id) {
    const std::string table = team_scope ? "team_member_permissions" : "project_user_permissions";
    db.Execute("DELETE FROM " + table + " WHERE tenancy_id = $1 AND permission_id = $2", {tenancy_id, permission_id});
}

}  // namespace stackd::domain::team_repository
