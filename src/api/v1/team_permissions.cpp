#include "api/v1/team_permissions.hpp"

#include "api/v1/schema/fields.hpp"
#include "api/v1/schema/team_json.hpp"
#include "api/v1/team_request.hpp"

namespace stackd::api::v1 {
namespace {

using domain::permissions::Scope;

const std::vector<std::string> kQueryKeys = {"team_id", "user_id", "permission_id", "recursive"};

}  // namespace

void RegisterTeamPermissions(Dispatcher& dispatcher, domain::PermissionService& permissions) {
    dispatcher.Add({
        .method = "GET",
        .path = "/api/v1/team-permissions",
        .access = kAnyAccess,
        .query_keys = kQueryKeys,
        .handle =
            [&permissions](const RouteContext& context) {
                const auto& auth = context.Auth();
                schema::ObjectReader reader("query", schema::QueryJson(context.request.query), kQueryKeys);
                domain::permission_grants::ListFilter filter;
                filter.team_id = reader.Uuid("team_id", false);
                filter.user_id = ReadUserIdOrMe(context, reader, "query", "user_id");
                filter.permission_id = ReadPermissionId(reader, "permission_id");
                filter.recursive = reader.OneOf("recursive", {"true", "false"}) == "true";
                reader.ThrowIfInvalid(context.request.method, context.requested_path);
                nlohmann::json items = nlohmann::json::array();
                for (const auto& grant : permissions.List(*auth.view, CallerOf(auth), Scope::kTeam, filter)) {
                    items.push_back(schema::GrantToJson(grant, true));
                }
                return http::Response::Json(200, schema::ListJson(std::move(items)));
            },
    });
    for (const char* method : {"POST", "DELETE"}) {
        const std::string verb = method;
        dispatcher.Add({
            .method = verb,
            .path = "/api/v1/team-permissions/{team_id}/{user_id}/{permission_id}",
            .access = kServerOrAdmin,
            .query_keys = kQueryKeys,
            .handle =
                [&permissions, verb](const RouteContext& context) {
                    const auto& auth = context.Auth();
                    const std::string team_id = TeamIdParam(context);
                    const std::string user_id = UserIdParam(context);
                    const std::string permission_id = PermissionIdParam(context);
                    if (verb == "DELETE") {
                        permissions.RevokeTeam(*auth.view, team_id, user_id, permission_id);
                        return http::Response::Json(200, {{"success", true}});
                    }
                    RequireEmptyObjectBody(context);
                    permissions.GrantTeam(*auth.view, team_id, user_id, permission_id);
                    return http::Response::Json(201, schema::GrantToJson({team_id, user_id, permission_id}, true));
                },
        });
    }
}

}  // namespace stackd::api::v1
