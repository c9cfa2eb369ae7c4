#include "api/v1/projects.hpp"

#include "api/v1/schema/fields.hpp"
#include "api/v1/schema/project_json.hpp"
#include "crypto/json_stringify.hpp"
#include "errors/known_error.hpp"

namespace stackd::api::v1 {

void RegisterProjects(Dispatcher& dispatcher, domain::ProjectService& projects, const crypto::SigningKeys& keys) {
    dispatcher.Add({
        .method = "GET",
        .path = "/api/v1/projects/current",
        .access = kAnyAccess,
        .query_keys = std::vector<std::string>{},
        .handle =
            [](const RouteContext& context) {
                const auto& auth = context.Auth();
                return http::Response::Json(200, schema::ProjectClientRead(auth.project(), auth.config()));
            },
    });

    dispatcher.Add({
        .method = "GET",
        .path = "/api/v1/projects/{project_id}/.well-known/jwks.json",
        .access = {},
        .query_keys = std::nullopt,
        .handle =
            [&projects, &keys](const RouteContext& context) {
                const nlohmann::json query = schema::QueryJson(context.request.query);
                schema::ObjectReader reader("query", query, {"include_restricted", "include_anonymous"});
                // Strings, as upstream's schema: oneOf("true", "false").
                const bool include_restricted = reader.OneOf("include_restricted", {"true", "false"}) == "true";
                const bool include_anonymous = reader.OneOf("include_anonymous", {"true", "false"}) == "true";
                reader.ThrowIfInvalid(context.request.method, context.requested_path);
                const std::string& project_id = context.params.at("project_id");
                if (!projects.Find(project_id, domain::kDefaultBranchId)) {
                    throw errors::StatusError(404, "Project not found");
                }
                http::Response response = http::Response::Json(200, nlohmann::json::object());
                // Byte-identical to upstream's body: the keys in upstream's order.
                response.body =
                    crypto::JsStringify(keys.PublicJwkSet(project_id, include_restricted, include_anonymous));
                response.SetHeader("cache-control", "public, max-age=3600");
                return response;
            },
    });
}

}  // namespace stackd::api::v1
