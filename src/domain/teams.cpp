#include "domain/teams.hpp"

#include <algorithm>

#include "crypto/random.hpp"
#include "domain/permission_grants.hpp"
#include "domain/team_repository.hpp"
#include "domain/webhook_events.hpp"
#include "errors/known_error.hpp"

namespace stackd::domain {
namespace {

using errors::ErrorCode;
using errors::KnownError;
using errors::StatusError;

bool ConfigFlag(const TenancyView& tenancy, const char* pointer) {
    const auto& value = tenancy.config[nlohmann::json::json_pointer(pointer)];
    return value.is_boolean() && value.get<bool>();
}

const std::string& RequireUser(const Caller& caller) {
    if (!caller.user_id) {
        throw KnownError(ErrorCode::kUserAuthenticationRequired);
    }
    return *caller.user_id;
}

void Apply(Team& team, const TeamInput& input) {
    if (input.display_name) {
        team.display_name = *input.display_name;
    }
    if (input.profile_image_url) {
        team.profile_image_url = *input.profile_image_url;
    }
    if (input.client_metadata) {
        team.client_metadata = *input.client_metadata;
    }
    if (input.client_read_only_metadata) {
        team.client_read_only_metadata = *input.client_read_only_metadata;
    }
    if (input.server_metadata) {
        team.server_metadata = *input.server_metadata;
    }
}

}  // namespace

void CheckImageUrl(const std::optional<std::string>& url, bool client_only_data) {
    if (!url) {
        return;
    }
    static const std::vector<std::string> kImageTypes = {"png", "jpg", "jpeg", "gif", "bmp", "webp"};
    bool is_data_image = false;
    if (url->rfind("data:image/", 0) == 0) {
        const auto marker = url->find(";base64,");
        const std::string type = marker == std::string::npos ? "" : url->substr(11, marker - 11);
        is_data_image = std::find(kImageTypes.begin(), kImageTypes.end(), type) != kImageTypes.end();
    }
    const bool is_http = url->rfind("http://", 0) == 0 || url->rfind("https://", 0) == 0;
    if (client_only_data ? !is_data_image : !(is_data_image || is_http)) {
        throw StatusError(400, "Invalid profile image URL");
    }
}

Team CreateTeamIn(storage::Connection& db, const TenancyView& tenancy, const TeamInput& input,
                  const std::optional<std::string>& creator_user_id, int64_t now_ms) {
    Team team;
    team.tenancy_id = tenancy.tenancy->id;
    team.id = crypto::RandomUuidV4();
    team.client_metadata = nullptr;
    team.client_read_only_metadata = nullptr;
    team.server_metadata = nullptr;
    team.created_at_ms = now_ms;
    Apply(team, input);
    team_repository::InsertTeam(db, team);
    if (creator_user_id) {
        team_repository::InsertMember(db, team.tenancy_id, team.id, *creator_user_id, now_ms);
        permission_grants::GrantDefaultTeamPermissions(db, tenancy, team.id, *creator_user_id, true, now_ms);
    }
    // As upstream, the creator joining emits no membership or permission events.
    webhook_events::TeamCreated(db, tenancy, team, now_ms);
    return team;
}

void CreatePersonalTeamIn(storage::Connection& db, const TenancyView& tenancy, const User& user, int64_t now_ms) {
    if (!ConfigFlag(tenancy, "/teams/createPersonalTeamOnSignUp")) {
        return;
    }
    TeamInput input;
    if (user.display_name) {
        input.display_name = *user.display_name + "'s Team";
    } else if (user.primary_email) {
        input.display_name = *user.primary_email + "'s Team";
    } else {
        input.display_name = "Personal Team";
    }
    const Team team = CreateTeamIn(db, tenancy, input, user.id, now_ms);
    team_repository::SetSelectedTeam(db, tenancy.tenancy->id, user.id, team.id);
}

std::vector<Team> TeamService::List(const TenancyView& tenancy, const Caller& caller,
                                    const std::optional<std::string>& user_id) {
    if (caller.IsClient()) {
        if (!caller.user_id) {
            throw KnownError(ErrorCode::kCannotGetOwnUserWithoutUser);
        }
        if (user_id != caller.user_id) {
            throw StatusError(403,
                              "Client can only list teams for their own user. user_id must be either \"me\" or the ID "
                              "of the current user");
        }
    }
    return store_.ReadValue(
        [&](storage::Connection& db) { return team_repository::ListTeams(db, tenancy.tenancy->id, user_id); });
}

Team TeamService::Create(const TenancyView& tenancy, const Caller& caller, const TeamInput& input,
                         const std::optional<std::string>& creator_user_id,
                         const std::optional<std::string>& add_current_user) {
    std::optional<std::string> member = creator_user_id;
    if (creator_user_id && add_current_user) {
        throw StatusError(400,
                          "Cannot use both creator_user_id and add_current_user. add_current_user is deprecated, "
                          "please only use creator_user_id in the body.");
    }
    if (caller.IsClient()) {
        const std::string& user_id = RequireUser(caller);
        if (!ConfigFlag(tenancy, "/teams/allowClientTeamCreation")) {
            throw StatusError(403, "Client team creation is disabled for this project");
        }
        CheckImageUrl(input.profile_image_url.value_or(std::nullopt), true);
        if (!creator_user_id) {
            member = user_id;
        } else if (*creator_user_id != user_id) {
            throw StatusError(403,
                              "You cannot create a team as a user that is not yourself. Make sure you set the "
                              "creator_user_id to 'me'.");
        }
    }
    if (add_current_user == "true") {
        if (!caller.user_id) {
            throw StatusError(401, "You must be logged in to create a team with the current user as a member.");
        }
        member = caller.user_id;
    }
    CheckImageUrl(input.profile_image_url.value_or(std::nullopt), false);
    const TeamInput resolved = ResolveProfileImage(input);
    return store_.WriteValue([&](storage::Connection& db) {
        if (member) {
            permission_grants::EnsureUserExists(db, tenancy.tenancy->id, *member);
        }
        return CreateTeamIn(db, tenancy, resolved, member, clock_.NowMillis());
    });
}

TeamInput TeamService::ResolveProfileImage(TeamInput input) {
    if (input.profile_image_url && *input.profile_image_url) {
        input.profile_image_url = images_.Resolve(**input.profile_image_url, "team-profile-images");
    }
    return input;
}

Team TeamService::Get(const TenancyView& tenancy, const Caller& caller, const std::string& team_id) {
    return store_.ReadValue([&](storage::Connection& db) {
        if (caller.IsClient()) {
            permission_grants::EnsureMembership(db, tenancy.tenancy->id, team_id, RequireUser(caller));
        }
        auto team = team_repository::FindTeam(db, tenancy.tenancy->id, team_id);
        if (!team) {
            throw KnownError::Formatted(ErrorCode::kTeamNotFound, {{"team_id", team_id}}, team_id);
        }
        return *team;
    });
}

Team TeamService::Update(const TenancyView& tenancy, const Caller& caller, const std::string& team_id,
                         const TeamInput& input) {
    CheckImageUrl(input.profile_image_url.value_or(std::nullopt), caller.IsClient());
    const TeamInput resolved = ResolveProfileImage(input);
    return store_.WriteValue([&](storage::Connection& db) {
        if (caller.IsClient()) {
            permission_grants::EnsureTeamPermission(db, tenancy, team_id, RequireUser(caller), "$update_team", true,
                                                    true);
        }
        auto team = team_repository::FindTeam(db, tenancy.tenancy->id, team_id);
        if (!team) {
            throw KnownError::Formatted(ErrorCode::kTeamNotFound, {{"team_id", team_id}}, team_id);
        }
        Apply(*team, resolved);
        team_repository::UpdateTeam(db, *team);
        webhook_events::TeamUpdated(db, tenancy, *team, clock_.NowMillis());
        return *team;
    });
}

void TeamService::Delete(const TenancyView& tenancy, const Caller& caller, const std::string& team_id) {
    store_.Write([&](storage::Connection& db) {
        if (caller.IsClient()) {
            permission_grants::EnsureTeamPermission(db, tenancy, team_id, RequireUser(caller), "$delete_team", true,
                                                    true);
        }
        if (!team_repository::DeleteTeam(db, tenancy.tenancy->id, team_id)) {
            throw KnownError::Formatted(ErrorCode::kTeamNotFound, {{"team_id", team_id}}, team_id);
        }
        // Only team.deleted: upstream sends nothing for the memberships that go with it.
        webhook_events::TeamDeleted(db, tenancy, team_id, clock_.NowMillis());
    });
}

bool TeamService::IsMember(const std::string& tenancy_id, const std::string& team_id, const std::string& user_id) {
    return store_.ReadValue([&](storage::Connection& db) {
        return team_repository::FindMember(db, tenancy_id, team_id, user_id).has_value();
    });
}

}  // namespace stackd::domain
