#include "api/v1/permission_definition_routes.hpp"

#include "api/v1/schema/fields.hpp"
#include "api/v1/schema/team_json.hpp"
#include "api/v1/team_request.hpp"

namespace stackd::api::v1 {
namespace {

using domain::permissions::Scope;

// Body of a create (id required) or update (id optional: a rename).
domain::permissions::DefinitionInput ReadDefinition(const RouteContext& context, bool creating) {
    schema::ObjectReader reader("body", context.body, {"id", "description", "contained_permission_ids"});
    if (context.body.is_discarded()) {
        reader.AddProblem("body must be defined");
    }
    domain::permissions::DefinitionInput input;
    if (auto id = reader.String("id", {.required = creating})) {
        if (auto problem = domain::permissions::CustomIdProblem(*id)) {
            reader.AddProblem(*problem);
        }
        input.id = *id;
    }
    input.description = reader.String("description");
    if (auto contained = reader.Json("contained_permission_ids")) {
        if (!contained->is_array()) {
            reader.AddProblem("body.contained_permission_ids must be a `array` type, but the final value was: `" +
                              contained->dump() + "`.");
        } else {
            std::vector<std::string> ids;
            for (size_t index = 0; index < contained->size(); ++index) {
                const auto& item = (*contained)[index];
                const std::string path = "body.contained_permission_ids[" + std::to_string(index) + "]";
                if (!item.is_string()) {
                    reader.AddProblem(path + " must be a `string` type, but the final value was: `" + item.dump() +
                                      "`.");
                } else if (auto problem = domain::permissions::GenericIdProblem(item.get<std::string>())) {
                    reader.AddProblem(*problem);
                } else {
                    ids.push_back(item.get<std::string>());
                }
            }
            input.contained_permission_ids = std::move(ids);
        }
    }
    reader.ThrowIfInvalid(context.request.method, context.requested_path);
    return input;
}

}  // namespace

void RegisterPermissionDefinitionRoutes(Dispatcher& dispatcher, domain::PermissionService& permissions, Scope scope,
                                        const std::string& collection_path) {
    dispatcher.Add({
        .method = "GET",
        .path = collection_path,
        .access = kAdminOnly,
        .query_keys = std::vector<std::string>{},
        .handle =
            [scope](const RouteContext& context) {
                nlohmann::json items = nlohmann::json::array();
                for (const auto& definition : domain::permissions::ListDefinitions(context.Auth().config(), scope)) {
                    items.push_back(schema::DefinitionToJson(definition));
                }
                return http::Response::Json(200, schema::ListJson(std::move(items)));
            },
    });
    dispatcher.Add({
        .method = "POST",
        .path = collection_path,
        .access = kAdminOnly,
        .query_keys = std::vector<std::string>{},
        .handle =
            [&permissions, scope](const RouteContext& context) {
                const auto input = ReadDefinition(context, true);
                return http::Response::Json(
                    201, schema::DefinitionToJson(permissions.CreateDefinition(*context.Auth().view, scope, input)));
            },
    });
    for (const char* method : {"PATCH", "DELETE"}) {
        const std::string verb = method;
        dispatcher.Add({
            .method = verb,
            .path = collection_path + "/{permission_id}",
            .access = kAdminOnly,
            .query_keys = std::vector<std::string>{},
            .handle =
                [&permissions, scope, verb](const RouteContext& context) {
                    const auto& view = *context.Auth().view;
                    const std::string permission_id = PermissionIdParam(context);
                    if (verb == "DELETE") {
                        permissions.DeleteDefinition(view, scope, permission_id);
                        return http::Response::Json(200, {{"success", true}});
                    }
                    auto input = ReadDefinition(context, false);
                    if (input.id.empty()) {
                        input.id = permission_id;
                    }
                    return http::Response::Json(
                        200, schema::DefinitionToJson(permissions.UpdateDefinition(view, scope, permission_id, input)));
                },
        });
    }
}

}  // namespace stackd::api::v1
