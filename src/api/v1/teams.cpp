#include "api/v1/teams.hpp"

#include "api/v1/schema/fields.hpp"
#include "api/v1/schema/team_json.hpp"
#include "api/v1/team_request.hpp"
#include "wire/team_json.hpp"

namespace stackd::api::v1 {
namespace {

using domain::AccessType;

// Upstream's teams CRUD shares one query schema across its operations.
const std::vector<std::string> kTeamQueryKeys = {"user_id", "add_current_user"};

struct TeamQuery {
    std::optional<std::string> user_id;
    std::optional<std::string> add_current_user;
};

TeamQuery ReadQuery(const RouteContext& context) {
    schema::ObjectReader reader("query", schema::QueryJson(context.request.query), kTeamQueryKeys);
    TeamQuery query;
    query.user_id = ReadUserIdOrMe(context, reader, "query", "user_id");
    query.add_current_user = reader.OneOf("add_current_user", {"true", "false"});
    reader.ThrowIfInvalid(context.request.method, context.requested_path);
    return query;
}

// Body of a create (`creating`) or update; server callers may also write the
// read-only and server metadata.
domain::TeamInput ReadTeamBody(const RouteContext& context, bool creating, std::optional<std::string>* creator) {
    const bool server = context.Auth().type != AccessType::kClient;
    std::vector<std::string> keys = {"display_name", "profile_image_url", "client_metadata"};
    if (creating) {
        keys.emplace_back("creator_user_id");
    }
    if (server) {
        keys.emplace_back("client_read_only_metadata");
        keys.emplace_back("server_metadata");
    }
    schema::ObjectReader reader("body", context.body, keys);
    if (context.body.is_discarded()) {
        reader.AddProblem("body must be defined");
    }
    domain::TeamInput input;
    input.display_name = reader.String("display_name", {.required = creating});
    input.profile_image_url = ReadImageUrl(reader, "body", "profile_image_url");
    input.client_metadata = reader.Json("client_metadata");
    if (server) {
        input.client_read_only_metadata = reader.Json("client_read_only_metadata");
        input.server_metadata = reader.Json("server_metadata");
    }
    if (creating) {
        *creator = ReadUserIdOrMe(context, reader, "body", "creator_user_id");
    }
    reader.ThrowIfInvalid(context.request.method, context.requested_path);
    return input;
}

http::Response TeamResponse(int status, const domain::Team& team, const RequestAuth& auth) {
    return http::Response::Json(status, wire::TeamToJson(team, auth.type));
}

}  // namespace

void RegisterTeams(Dispatcher& dispatcher, domain::TeamService& teams) {
    dispatcher.Add({
        .method = "GET",
        .path = "/api/v1/teams",
        .access = kAnyAccess,
        .query_keys = kTeamQueryKeys,
        .handle =
            [&teams](const RouteContext& context) {
                const auto& auth = context.Auth();
                const auto query = ReadQuery(context);
                nlohmann::json items = nlohmann::json::array();
                for (const auto& team : teams.List(*auth.view, CallerOf(auth), query.user_id)) {
                    items.push_back(wire::TeamToJson(team, auth.type));
                }
                return http::Response::Json(200, schema::ListJson(std::move(items)));
            },
    });
    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/teams",
        .access = kAnyAccess,
        .query_keys = kTeamQueryKeys,
        .handle =
            [&teams](const RouteContext& context) {
                const auto& auth = context.Auth();
                const auto query = ReadQuery(context);
                std::optional<std::string> creator;
                const auto input = ReadTeamBody(context, true, &creator);
                return TeamResponse(
                    201, teams.Create(*auth.view, CallerOf(auth), input, creator, query.add_current_user), auth);
            },
    });
    for (const char* method : {"GET", "PATCH", "DELETE"}) {
        const std::string verb = method;
        dispatcher.Add({
            .method = verb,
            .path = "/api/v1/teams/{team_id}",
            .access = kAnyAccess,
            .query_keys = kTeamQueryKeys,
            .handle =
                [&teams, verb](const RouteContext& context) {
                    const auto& auth = context.Auth();
                    const std::string team_id = TeamIdParam(context);
                    ReadQuery(context);
                    if (verb == "GET") {
                        return TeamResponse(200, teams.Get(*auth.view, CallerOf(auth), team_id), auth);
                    }
                    if (verb == "PATCH") {
                        const auto input = ReadTeamBody(context, false, nullptr);
                        return TeamResponse(200, teams.Update(*auth.view, CallerOf(auth), team_id, input), auth);
                    }
                    teams.Delete(*auth.view, CallerOf(auth), team_id);
                    return http::Response::Json(200, {{"success", true}});
                },
            .uuid_params = {"team_id"},
        });
    }
}

}  // namespace stackd::api::v1
