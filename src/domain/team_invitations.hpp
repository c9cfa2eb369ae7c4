#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/email_queue.hpp"
#include "domain/projects.hpp"
#include "domain/team.hpp"
#include "domain/user.hpp"
#include "domain/verification_codes.hpp"
#include "storage/store.hpp"
#include "util/clock.hpp"

namespace stackd::domain {

// A pending invitation as listed (resources.md §1.4 TeamInvitation).
struct TeamInvitation {
    std::string id;
    std::string team_id;
    std::string team_display_name;
    int64_t expires_at_ms = 0;
    std::string recipient_email;
};

struct InvitationDetails {
    std::string team_id;
    std::string team_display_name;
};

// The user a code route acts for, with what its restricted status depends on.
struct Invitee {
    std::optional<User> user;
    bool require_email_verification = false;
};

// Team invitations (resources.md §12): TEAM_INVITATION verification codes carrying
// {team_id}, sent with the team_invitation email and accepted by code or, for a user with a
// verified matching address, by id.
class TeamInvitations {
public:
    TeamInvitations(storage::Store& store, const util::Clock& clock, VerificationCodes& codes, EmailQueue& emails)
        : store_(store), clock_(clock), codes_(codes), emails_(emails) {}

    // A client needs $invite_members in the team. Returns the invitation (code) id.
    std::string Send(const TenancyView& tenancy, const Caller& caller, const std::string& team_id,
                     const std::string& email, const std::string& callback_url);

    void CheckCode(const TenancyView& tenancy, const std::string& code);
    InvitationDetails Details(const TenancyView& tenancy, const Invitee& invitee, const std::string& code);
    // Consumes the code (even when the user check then fails, as upstream) and adds the member.
    void Accept(const TenancyView& tenancy, const Invitee& invitee, const std::string& code);

    // Pending (unused, unexpired) invitations of a team. A client must be a member with
    // $read_members and $invite_members.
    std::vector<TeamInvitation> ListForTeam(const TenancyView& tenancy, const Caller& caller,
                                            const std::string& team_id);
    // Pending invitations addressed to any verified e-mail of `user_id`.
    std::vector<TeamInvitation> ListForUser(const TenancyView& tenancy, const std::string& user_id);
    // A client needs $remove_members in the team.
    void Revoke(const TenancyView& tenancy, const Caller& caller, const std::string& team_id, const std::string& id);
    // Accepts the invitation `id` for `user_id`, who must own a verified channel with its address.
    void AcceptById(const TenancyView& tenancy, const std::string& id, const std::string& user_id);

    // TEAM_INVITATION_RESTRICTED_USER_NOT_ALLOWED when the user is restricted.
    static void EnsureNotRestricted(const User& user, bool require_email_verification);

private:
    storage::Store& store_;
    const util::Clock& clock_;
    VerificationCodes& codes_;
    EmailQueue& emails_;
};

}  // namespace stackd::domain
