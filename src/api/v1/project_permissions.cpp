#include "api/v1/project_permissions.hpp"

#include "api/v1/schema/fields.hpp"
#include "api/v1/schema/team_json.hpp"
#include "api/v1/team_request.hpp"

namespace stackd::api::v1 {
namespace {

using domain::permissions::Scope;

const std::vector<std::string> kQueryKeys = {"user_id", "permission_id", "recursive"};

}  // namespace

void RegisterProjectPermissions(Dispatcher& dispatcher, domain::PermissionService& permissions) {
    dispatcher.Add({
        .method = "GET",
        .path = "/api/v1/project-permissions",
        .access = kAnyAccess,
        .query_keys = kQueryKeys,
        .handle =
            [&permissions](const RouteContext& context) {
                const auto& auth = context.Auth();
                schema::ObjectReader reader("query", schema::QueryJson(context.request.query), kQueryKeys);
                domain::permission_grants::ListFilter filter;
                filter.user_id = ReadUserIdOrMe(context, reader, "query", "user_id");
                filter.permission_id = ReadPermissionId(reader, "permission_id");
                filter.recursive = reader.OneOf("recursive", {"true", "false"}) == "true";
                reader.ThrowIfInvalid(context.request.method, context.requested_path);
                nlohmann::json items = nlohmann::json::array();
                for (const auto& grant : permissions.List(*auth.view, CallerOf(auth), Scope::kProject, filter)) {
                    items.push_back(schema::GrantToJson(grant, false));
                }
                return http::Response::Json(200, schema::ListJson(std::move(items)));
            },
    });
    for (const char* method : {"POST", "DELETE"}) {
        const std::string verb = method;
        dispatcher.Add({
            .method = verb,
            .path = "/api/v1/project-permissions/{user_id}/{permission_id}",
            .access = kServerOrAdmin,
            .query_keys = kQueryKeys,
            .handle =
                [&permissions, verb](const RouteContext& context) {
                    const auto& auth = context.Auth();
                    const std::string user_id = UserIdParam(context);
                    const std::string permission_id = PermissionIdParam(context);
                    if (verb == "DELETE") {
                        permissions.RevokeProject(*auth.view, user_id, permission_id);
                        return http::Response::Json(200, {{"success", true}});
                    }
                    RequireEmptyObjectBody(context);
                    permissions.GrantProject(*auth.view, user_id, permission_id);
                    return http::Response::Json(201, schema::GrantToJson({"", user_id, permission_id}, false));
                },
        });
    }
}

}  // namespace stackd::api::v1
