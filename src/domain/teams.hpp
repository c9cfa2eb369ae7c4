#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/images.hpp"
#include "domain/projects.hpp"
#include "domain/team.hpp"
#include "domain/user.hpp"
#include "storage/store.hpp"
#include "util/clock.hpp"

namespace stackd::domain {

// The fields of a team create or update; absent fields are left alone.
struct TeamInput {
    std::optional<std::string> display_name;
    std::optional<std::optional<std::string>> profile_image_url;  // absent / null / value
    std::optional<nlohmann::json> client_metadata;
    std::optional<nlohmann::json> client_read_only_metadata;
    std::optional<nlohmann::json> server_metadata;
};

// Upstream's image rule for team and member pictures: http(s) URLs and image data URLs;
// a client may only send an image data URL. Otherwise 400 "Invalid profile image URL".
void CheckImageUrl(const std::optional<std::string>& url, bool client_only_data);

// Creates a team in the caller's transaction and enqueues team.created; `creator_user_id`
// (already known to exist) becomes its first member with the teamCreator default permissions.
Team CreateTeamIn(storage::Connection& db, const TenancyView& tenancy, const TeamInput& input,
                  const std::optional<std::string>& creator_user_id, int64_t now_ms);
// teams.createPersonalTeamOnSignUp: "<display name>'s Team", else "<email>'s Team", else
// "Personal Team"; the user creates it and selects it.
void CreatePersonalTeamIn(storage::Connection& db, const TenancyView& tenancy, const User& user, int64_t now_ms);

// Teams CRUD with upstream's client rules (resources.md §3): clients list their own teams,
// read teams they belong to, and need $update_team / $delete_team to change them.
class TeamService {
public:
    TeamService(storage::Store& store, const util::Clock& clock, ImageStore& images)
        : store_(store), clock_(clock), images_(images) {}

    std::vector<Team> List(const TenancyView& tenancy, const Caller& caller, const std::optional<std::string>& user_id);
    // `add_current_user` is the deprecated query flag ("true"/"false").
    Team Create(const TenancyView& tenancy, const Caller& caller, const TeamInput& input,
                const std::optional<std::string>& creator_user_id, const std::optional<std::string>& add_current_user);
    Team Get(const TenancyView& tenancy, const Caller& caller, const std::string& team_id);
    Team Update(const TenancyView& tenancy, const Caller& caller, const std::string& team_id, const TeamInput& input);
    void Delete(const TenancyView& tenancy, const Caller& caller, const std::string& team_id);

    // Project ownership: is `user_id` a member of `team_id` (admin access tokens).
    bool IsMember(const std::string& tenancy_id, const std::string& team_id, const std::string& user_id);

private:
    // `data:image/...` URLs become stored images (team-profile-images).
    TeamInput ResolveProfileImage(TeamInput input);

    storage::Store& store_;
    const util::Clock& clock_;
    ImageStore& images_;
};

}  // namespace stackd::domain
