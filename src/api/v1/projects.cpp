#include "api/v1/projects.hpp"

#include "api/v1/schema/project_json.hpp"

namespace stackd::api::v1 {

void RegisterProjects(Dispatcher& dispatcher) {
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
}

}  // namespace stackd::api::v1
