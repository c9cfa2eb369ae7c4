#include "api/v1/team_memberships.hpp"

#include "api/v1/team_request.hpp"

namespace stackd::api::v1 {

void RegisterTeamMemberships(Dispatcher& dispatcher, domain::TeamMemberService& members) {
    // Adding members is for servers only; the membership gets the teamMember defaults.
    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/team-memberships/{team_id}/{user_id}",
        .access = kServerOrAdmin,
        .query_keys = std::vector<std::string>{},
        .handle =
            [&members](const RouteContext& context) {
                const auto& auth = context.Auth();
                const std::string team_id = TeamIdParam(context);
                const std::string user_id = UserIdParam(context);
                RequireEmptyObjectBody(context);
                members.Add(*auth.view, team_id, user_id);
                return http::Response::Json(201, {{"team_id", team_id}, {"user_id", user_id}});
            },
    });
    dispatcher.Add({
        .method = "DELETE",
        .path = "/api/v1/team-memberships/{team_id}/{user_id}",
        .access = kAnyAccess,
        .query_keys = std::vector<std::string>{},
        .handle =
            [&members](const RouteContext& context) {
                const auto& auth = context.Auth();
                const std::string team_id = TeamIdParam(context);
                const std::string user_id = UserIdParam(context);
                members.Remove(*auth.view, CallerOf(auth), team_id, user_id);
                return http::Response::Json(200, {{"success", true}});
            },
    });
}

}  // namespace stackd::api::v1
