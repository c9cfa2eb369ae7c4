#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/images.hpp"
#include "domain/projects.hpp"
#include "domain/team.hpp"
#include "domain/user.hpp"
#include "storage/store.hpp"
#include "util/clock.hpp"

namespace stackd::domain {

// A member profile as served: member-level values fall back to the user's own.
struct MemberProfile {
    TeamMember member;
    User user;
};

struct MemberProfileInput {
    std::optional<std::string> display_name;
    std::optional<std::optional<std::string>> profile_image_url;  // absent / null / value
};

// Memberships and member profiles with upstream's rules (resources.md §4, §5).
class TeamMemberService {
public:
    TeamMemberService(storage::Store& store, const util::Clock& clock, ImageStore& images)
        : store_(store), clock_(clock), images_(images) {}

    // Server/admin only: adds a member with the teamMember default permissions; returns them.
    std::vector<std::string> Add(const TenancyView& tenancy, const std::string& team_id, const std::string& user_id);
    // A client may remove itself; removing others needs $remove_members.
    void Remove(const TenancyView& tenancy, const Caller& caller, const std::string& team_id,
                const std::string& user_id);

    std::vector<MemberProfile> ListProfiles(const TenancyView& tenancy, const Caller& caller,
                                            const std::optional<std::string>& team_id,
                                            const std::optional<std::string>& user_id);
    MemberProfile GetProfile(const TenancyView& tenancy, const Caller& caller, const std::string& team_id,
                             const std::string& user_id);
    MemberProfile UpdateProfile(const TenancyView& tenancy, const Caller& caller, const std::string& team_id,
                                const std::string& user_id, const MemberProfileInput& input);

private:
    storage::Store& store_;
    const util::Clock& clock_;
    ImageStore& images_;  // team-member-profile-images
};

}  // namespace stackd::domain
