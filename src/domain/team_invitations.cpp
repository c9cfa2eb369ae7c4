#include "domain/team_invitations.hpp"

#include <map>
#include <set>
#include <stdexcept>

#include "domain/permission_grants.hpp"
#include "domain/team_repository.hpp"
#include "domain/webhook_events.hpp"
#include "errors/known_error.hpp"

namespace stackd::domain {
namespace {

using errors::ErrorCode;
using errors::KnownError;

nlohmann::json ParseJson(const std::string& text) {
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    return parsed.is_discarded() ? nlohmann::json(nullptr) : parsed;
}

std::string StringField(const nlohmann::json& object, const char* key) {
    if (!object.is_object() || !object.contains(key) || !object[key].is_string()) {
        return "";
    }
    return object[key].get<std::string>();
}

// A pending invitation row: id, team, recipient, expiry.
struct PendingCode {
    std::string id;
    std::string team_id;
    std::string email;
    int64_t expires_at_ms = 0;
};

// Unused, unexpired TEAM_INVITATION codes of the tenancy, oldest first.
std::vector<PendingCode> PendingCodes(storage::Connection& db, const std::string& tenancy_id, int64_t now) {
    std::vector<PendingCode> codes;
    for (const auto& row : db.Query(
             "SELECT id, data, method, expires_at FROM verification_codes WHERE tenancy_id = $1 AND type = $2 AND "
             "used_at IS NULL AND expires_at > $3 ORDER BY created_at, id",
             {tenancy_id, std::string(CodeTypeName(CodeType::kTeamInvitation)), now})) {
        codes.push_back({row.Text(0), StringField(ParseJson(row.Text(1)), "team_id"),
                         StringField(ParseJson(row.Text(2)), "email"), row.Int(3)});
    }
    return codes;
}

std::string TeamName(storage::Connection& db, const std::string& tenancy_id, const std::string& team_id) {
    const auto team = team_repository::FindTeam(db, tenancy_id, team_id);
    if (!team) {
        throw KnownError::Formatted(ErrorCode::kTeamNotFound, {{"team_id", team_id}}, team_id);
    }
    return team->display_name;
}

// Adds the member as POST /team-memberships does (teamMember defaults); a member stays as is.
void JoinIn(storage::Connection& db, const TenancyView& tenancy, const std::string& team_id,
            const std::string& user_id, int64_t now) {
    const std::string& tenancy_id = tenancy.tenancy->id;
    permission_grants::EnsureTeamExists(db, tenancy_id, team_id);
    permission_grants::EnsureUserExists(db, tenancy_id, user_id);
    if (team_repository::FindMember(db, tenancy_id, team_id, user_id)) {
        return;
    }
    team_repository::InsertMember(db, tenancy_id, team_id, user_id, now);
    const auto granted = permission_grants::GrantDefaultTeamPermissions(db, tenancy, team_id, user_id, false, now);
    webhook_events::TeamMembershipCreated(db, tenancy, team_id, user_id, granted, now);
}

const User& RequireUser(const Invitee& invitee) {
    if (!invitee.user) {
        throw KnownError(ErrorCode::kUserAuthenticationRequired);
    }
    TeamInvitations::EnsureNotRestricted(*invitee.user, invitee.require_email_verification);
    return *invitee.user;
}

std::string TeamIdOf(const VerificationCode& code) {
    const std::string team_id = StringField(code.data, "team_id");
    if (team_id.empty()) {
        throw std::runtime_error("team invitation " + code.id + " has no team_id");
    }
    return team_id;
}

}  // namespace

void TeamInvitations::EnsureNotRestricted(const User& user, bool require_email_verification) {
    const auto status = ComputeRestrictedStatus(user, require_email_verification);
    if (status.is_restricted) {
        const std::string reason = status.reason.value_or("anonymous");
        throw KnownError::Formatted(ErrorCode::kTeamInvitationRestrictedUserNotAllowed,
                                    {{"restricted_reason", {{"type", reason}}}}, reason);
    }
}

std::string TeamInvitations::Send(const TenancyView& tenancy, const Caller& caller, const std::string& team_id,
                                  const std::string& email, const std::string& callback_url) {
    return store_.WriteValue([&](storage::Connection& db) {
        const std::string& tenancy_id = tenancy.tenancy->id;
        if (caller.IsClient()) {
            if (!caller.user_id) {
                throw KnownError(ErrorCode::kUserAuthenticationRequired);
            }
            permission_grants::EnsureTeamPermission(db, tenancy, team_id, *caller.user_id, "$invite_members", true,
                                                    true);
        }
        const std::string team_name = TeamName(db, tenancy_id, team_id);
        // The e-mail is kept exactly as sent: §12.5 compares it verbatim.
        const auto issued = codes_.CreateIn(db, tenancy_id, tenancy.config, CodeType::kTeamInvitation,
                                            {{"email", email}}, {{"team_id", team_id}}, callback_url);
        EmailRequest request;
        request.email_template = EmailTemplate::kTeamInvitation;
        request.to = email;
        request.variables = {{"teamInvitationLink", *issued.link}, {"teamDisplayName", team_name}};
        emails_.EnqueueIn(db, tenancy, request);
        return issued.code.id;
    });
}

void TeamInvitations::CheckCode(const TenancyView& tenancy, const std::string& code) {
    codes_.Check(tenancy.tenancy->id, CodeType::kTeamInvitation, code);
}

InvitationDetails TeamInvitations::Details(const TenancyView& tenancy, const Invitee& invitee,
                                           const std::string& code) {
    const auto found = codes_.Check(tenancy.tenancy->id, CodeType::kTeamInvitation, code);
    RequireUser(invitee);
    const std::string team_id = TeamIdOf(found);
    return store_.ReadValue([&](storage::Connection& db) {
        return InvitationDetails{team_id, TeamName(db, tenancy.tenancy->id, team_id)};
    });
}

void TeamInvitations::Accept(const TenancyView& tenancy, const Invitee& invitee, const std::string& code) {
    const auto used = codes_.Consume(tenancy.tenancy->id, CodeType::kTeamInvitation, code);
    const User& user = RequireUser(invitee);
    const std::string team_id = TeamIdOf(used);
    store_.Write([&](storage::Connection& db) { JoinIn(db, tenancy, team_id, user.id, clock_.NowMillis()); });
}

std::vector<TeamInvitation> TeamInvitations::ListForTeam(const TenancyView& tenancy, const Caller& caller,
                                                         const std::string& team_id) {
    return store_.ReadValue([&](storage::Connection& db) {
        const std::string& tenancy_id = tenancy.tenancy->id;
        if (caller.IsClient()) {
            if (!caller.user_id) {
                throw KnownError(ErrorCode::kCannotGetOwnUserWithoutUser);
            }
            permission_grants::EnsureMembership(db, tenancy_id, team_id, *caller.user_id);
            for (const char* permission : {"$read_members", "$invite_members"}) {
                permission_grants::EnsureTeamPermission(db, tenancy, team_id, *caller.user_id, permission, true,
                                                        true);
            }
        }
        const std::string team_name = TeamName(db, tenancy_id, team_id);
        std::vector<TeamInvitation> invitations;
        for (const auto& code : PendingCodes(db, tenancy_id, clock_.NowMillis())) {
            if (code.team_id == team_id) {
                invitations.push_back({code.id, code.team_id, team_name, code.expires_at_ms, code.email});
            }
        }
        return invitations;
    });
}

std::vector<TeamInvitation> TeamInvitations::ListForUser(const TenancyView& tenancy, const std::string& user_id) {
    return store_.ReadValue([&](storage::Connection& db) {
        const std::string& tenancy_id = tenancy.tenancy->id;
        std::set<std::string> verified;
        for (const auto& row : db.Query(
                 "SELECT value FROM contact_channels WHERE tenancy_id = $1 AND user_id = $2 AND type = 'email' AND "
                 "is_verified = 1",
                 {tenancy_id, user_id})) {
            verified.insert(row.Text(0));
        }
        std::vector<TeamInvitation> invitations;
        if (verified.empty()) {
            return invitations;
        }
        std::map<std::string, std::optional<std::string>> team_names;  // nullopt: team deleted
        for (const auto& code : PendingCodes(db, tenancy_id, clock_.NowMillis())) {
            if (!verified.count(code.email)) {
                continue;
            }
            auto known = team_names.find(code.team_id);
            if (known == team_names.end()) {
                const auto team = team_repository::FindTeam(db, tenancy_id, code.team_id);
                known = team_names
                            .emplace(code.team_id, team ? std::optional<std::string>(team->display_name)
                                                        : std::nullopt)
                            .first;
            }
            if (known->second) {
                invitations.push_back({code.id, code.team_id, *known->second, code.expires_at_ms, code.email});
            }
        }
        return invitations;
    });
}

void TeamInvitations::Revoke(const TenancyView& tenancy, const Caller& caller, const std::string& team_id,
                             const std::string& id) {
    store_.Write([&](storage::Connection& db) {
        const std::string& tenancy_id = tenancy.tenancy->id;
        if (caller.IsClient()) {
            if (!caller.user_id) {
                throw KnownError(ErrorCode::kCannotGetOwnUserWithoutUser);
            }
            permission_grants::EnsureMembership(db, tenancy_id, team_id, *caller.user_id);
            permission_grants::EnsureTeamPermission(db, tenancy, team_id, *caller.user_id, "$remove_members", true,
                                                    true);
        } else {
            permission_grants::EnsureTeamExists(db, tenancy_id, team_id);
        }
        // Only an unused invitation of this very team may be revoked through it.
        const auto row = db.QueryOne(
            "SELECT data FROM verification_codes WHERE tenancy_id = $1 AND id = $2 AND type = $3 AND used_at IS NULL",
            {tenancy_id, id, std::string(CodeTypeName(CodeType::kTeamInvitation))});
        if (!row || StringField(ParseJson(row->Text(0)), "team_id") != team_id) {
            throw KnownError(ErrorCode::kVerificationCodeNotFound);
        }
        db.Execute("DELETE FROM verification_codes WHERE tenancy_id = $1 AND id = $2", {tenancy_id, id});
    });
}

void TeamInvitations::AcceptById(const TenancyView& tenancy, const std::string& id, const std::string& user_id) {
    store_.Write([&](storage::Connection& db) {
        const std::string& tenancy_id = tenancy.tenancy->id;
        const int64_t now = clock_.NowMillis();
        const auto row = db.QueryOne(
            "SELECT data, method FROM verification_codes WHERE tenancy_id = $1 AND id = $2 AND type = $3 AND "
            "used_at IS NULL AND expires_at > $4",
            {tenancy_id, id, std::string(CodeTypeName(CodeType::kTeamInvitation)), now});
        if (!row) {
            throw KnownError(ErrorCode::kVerificationCodeNotFound);
        }
        const std::string team_id = StringField(ParseJson(row->Text(0)), "team_id");
        const std::string email = StringField(ParseJson(row->Text(1)), "email");
        // The recipient must be one of the user's verified addresses, compared verbatim.
        if (!db.QueryOne("SELECT 1 FROM contact_channels WHERE tenancy_id = $1 AND user_id = $2 AND type = 'email' "
                         "AND is_verified = 1 AND value = $3",
                         {tenancy_id, user_id, email})) {
            throw KnownError(ErrorCode::kVerificationCodeNotFound);
        }
        // The used_at predicate makes the use single when two requests race.
        if (db.Execute("UPDATE verification_codes SET used_at = $3 WHERE tenancy_id = $1 AND id = $2 AND "
                       "used_at IS NULL",
                       {tenancy_id, id, now}) != 1) {
            throw KnownError(ErrorCode::kVerificationCodeNotFound);
        }
        JoinIn(db, tenancy, team_id, user_id, now);
    });
}

}  // namespace stackd::domain
