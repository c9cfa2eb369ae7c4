#include "domain/team_members.hpp"

#include "domain/permission_grants.hpp"
#include "domain/team_repository.hpp"
#include "domain/teams.hpp"
#include "domain/user_repository.hpp"
#include "domain/webhook_events.hpp"
#include "errors/known_error.hpp"

namespace stackd::domain {
namespace {

using errors::ErrorCode;
using errors::KnownError;
using errors::StatusError;

const std::string& RequireOwnUser(const Caller& caller) {
    if (!caller.user_id) {
        throw KnownError(ErrorCode::kCannotGetOwnUserWithoutUser);
    }
    return *caller.user_id;
}

MemberProfile Load(storage::Connection& db, const std::string& tenancy_id, const TeamMember& member) {
    auto user = user_repository::Find(db, tenancy_id, member.user_id);
    if (!user) {
        throw KnownError(ErrorCode::kUserNotFound);  // the membership row cascades with its user
    }
    return {member, *user};
}

}  // namespace

std::vector<std::string> TeamMemberService::Add(const TenancyView& tenancy, const std::string& team_id,
                                                const std::string& user_id) {
    return store_.WriteValue([&](storage::Connection& db) {
        const std::string& tenancy_id = tenancy.tenancy->id;
        permission_grants::EnsureUserExists(db, tenancy_id, user_id);
        permission_grants::EnsureTeamExists(db, tenancy_id, team_id);
        if (team_repository::FindMember(db, tenancy_id, team_id, user_id)) {
            throw KnownError(ErrorCode::kTeamMembershipAlreadyExists);
        }
        const int64_t now = clock_.NowMillis();
        team_repository::InsertMember(db, tenancy_id, team_id, user_id, now);
        auto granted = permission_grants::GrantDefaultTeamPermissions(db, tenancy, team_id, user_id, false, now);
        webhook_events::TeamMembershipCreated(db, tenancy, team_id, user_id, granted, now);
        return granted;
    });
}

void TeamMemberService::Remove(const TenancyView& tenancy, const Caller& caller, const std::string& team_id,
                               const std::string& user_id) {
    store_.Write([&](storage::Connection& db) {
        if (caller.IsClient() && user_id != RequireOwnUser(caller)) {
            permission_grants::EnsureTeamPermission(db, tenancy, team_id, *caller.user_id, "$remove_members", true,
                                                    true);
        }
        permission_grants::EnsureMembership(db, tenancy.tenancy->id, team_id, user_id);
        team_repository::DeleteMember(db, tenancy.tenancy->id, team_id, user_id);
        webhook_events::TeamMembershipDeleted(db, tenancy, team_id, user_id, clock_.NowMillis());
    });
}

std::vector<MemberProfile> TeamMemberService::ListProfiles(const TenancyView& tenancy, const Caller& caller,
                                                           const std::optional<std::string>& team_id,
                                                           const std::optional<std::string>& user_id) {
    return store_.ReadValue([&](storage::Connection& db) {
        const std::string& tenancy_id = tenancy.tenancy->id;
        if (caller.IsClient()) {
            const std::string& own = RequireOwnUser(caller);
            if (!team_id) {
                throw StatusError(400, "team_id is required for access type client");
            }
            permission_grants::EnsureMembership(db, tenancy_id, *team_id, own);
            if (user_id != own) {
                permission_grants::EnsureTeamPermission(db, tenancy, *team_id, own, "$read_members", true, true);
            }
        } else {
            if (team_id) {
                permission_grants::EnsureTeamExists(db, tenancy_id, *team_id);
            }
            if (user_id) {
                permission_grants::EnsureUserExists(db, tenancy_id, *user_id);
            }
        }
        std::vector<MemberProfile> profiles;
        for (const auto& member : team_repository::ListMembers(db, tenancy_id, team_id, user_id)) {
            profiles.push_back(Load(db, tenancy_id, member));
        }
        return profiles;
    });
}

MemberProfile TeamMemberService::GetProfile(const TenancyView& tenancy, const Caller& caller,
                                            const std::string& team_id, const std::string& user_id) {
    return store_.ReadValue([&](storage::Connection& db) {
        const std::string& tenancy_id = tenancy.tenancy->id;
        if (caller.IsClient() && user_id != RequireOwnUser(caller)) {
            permission_grants::EnsureTeamPermission(db, tenancy, team_id, *caller.user_id, "$read_members", true,
                                                    true);
        }
        permission_grants::EnsureMembership(db, tenancy_id, team_id, user_id);
        return Load(db, tenancy_id, *team_repository::FindMember(db, tenancy_id, team_id, user_id));
    });
}

MemberProfile TeamMemberService::UpdateProfile(const TenancyView& tenancy, const Caller& caller,
                                               const std::string& team_id, const std::string& user_id,
                                               const MemberProfileInput& input) {
    CheckImageUrl(input.profile_image_url.value_or(std::nullopt), false);
    std::optional<std::optional<std::string>> image = input.profile_image_url;
    if (image && *image) {
        image = images_.Resolve(**image, "team-member-profile-images");
    }
    return store_.WriteValue([&](storage::Connection& db) {
        const std::string& tenancy_id = tenancy.tenancy->id;
        if (caller.IsClient() && user_id != RequireOwnUser(caller)) {
            throw StatusError(403, "Cannot update another user's profile");
        }
        permission_grants::EnsureMembership(db, tenancy_id, team_id, user_id);
        auto member = *team_repository::FindMember(db, tenancy_id, team_id, user_id);
        if (input.display_name) {
            member.display_name = *input.display_name;
        }
        if (image) {
            member.profile_image_url = *image;
        }
        team_repository::UpdateMemberProfile(db, tenancy_id, member);
        return Load(db, tenancy_id, member);
    });
}

}  // namespace stackd::domain
