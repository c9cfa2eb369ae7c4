#include "api/v1/team_member_profiles.hpp"

#include "api/v1/schema/fields.hpp"
#include "api/v1/schema/team_json.hpp"
#include "api/v1/team_request.hpp"
#include "crypto/random.hpp"

namespace stackd::api::v1 {
namespace {

const std::vector<std::string> kProfileQueryKeys = {"user_id", "team_id"};

http::Response ProfileResponse(const domain::MemberProfile& profile, const RequestAuth& auth) {
    return http::Response::Json(200, schema::MemberProfileToJson(profile, auth.type, RequireEmailVerification(auth)));
}

}  // namespace

void RegisterTeamMemberProfiles(Dispatcher& dispatcher, domain::TeamMemberService& members) {
    dispatcher.Add({
        .method = "GET",
        .path = "/api/v1/team-member-profiles",
        .access = kAnyAccess,
        .query_keys = kProfileQueryKeys,
        .handle =
            [&members](const RouteContext& context) {
                const auto& auth = context.Auth();
                schema::ObjectReader reader("query", schema::QueryJson(context.request.query), kProfileQueryKeys);
                const auto user_id = ReadUserIdOrMe(context, reader, "query", "user_id");
                const auto team_id = reader.Uuid("team_id", false);
                reader.ThrowIfInvalid(context.request.method, context.requested_path);
                nlohmann::json items = nlohmann::json::array();
                for (const auto& profile : members.ListProfiles(*auth.view, CallerOf(auth), team_id, user_id)) {
                    items.push_back(schema::MemberProfileToJson(profile, auth.type, RequireEmailVerification(auth)));
                }
                return http::Response::Json(200, schema::ListJson(std::move(items)));
            },
    });
    dispatcher.Add({
        .method = "GET",
        .path = "/api/v1/team-member-profiles/{team_id}/{user_id}",
        .access = kAnyAccess,
        .query_keys = kProfileQueryKeys,
        .handle =
            [&members](const RouteContext& context) {
                const auto& auth = context.Auth();
                const std::string team_id = TeamIdParam(context);
                const std::string user_id = UserIdParam(context);
                return ProfileResponse(members.GetProfile(*auth.view, CallerOf(auth), team_id, user_id), auth);
            },
    });
    dispatcher.Add({
        .method = "PATCH",
        .path = "/api/v1/team-member-profiles/{team_id}/{user_id}",
        .access = kAnyAccess,
        .query_keys = kProfileQueryKeys,
        .handle =
            [&members](const RouteContext& context) {
                const auto& auth = context.Auth();
                const std::string team_id = TeamIdParam(context);
                const std::string user_id = UserIdParam(context);
                schema::ObjectReader reader("body", context.body, {"display_name", "profile_image_url"});
                if (context.body.is_discarded()) {
                    reader.AddProblem("body must be defined");
                }
                domain::MemberProfileInput input;
                input.display_name = reader.String("display_name");
                input.profile_image_url = ReadImageUrl(reader, "body", "profile_image_url");
                reader.ThrowIfInvalid(context.request.method, context.requested_path);
                return ProfileResponse(members.UpdateProfile(*auth.view, CallerOf(auth), team_id, user_id, input),
                                       auth);
            },
    });
}

}  // namespace stackd::api::v1
