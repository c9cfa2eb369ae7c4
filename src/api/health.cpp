#include "api/health.hpp"

namespace stackd::api {

void RegisterHealth(Dispatcher& dispatcher, storage::Store& store) {
    dispatcher.Add({
        .method = "GET",
        .path = "/health",
        .access = {},
        .query_keys = std::nullopt,
        .handle =
            [&store](const RouteContext& context) {
                const auto db = context.request.query.find("db");
                if (db != context.request.query.end() && !db->second.empty()) {
                    const bool has_project = store.ReadValue(
                        [](storage::Connection& connection) { return connection.QueryOne("SELECT id FROM projects LIMIT 1").has_value(); });
                    if (!has_project) {
                        throw std::runtime_error("No project found");
                    }
                }
                http::Response response = http::Response::Json(200, {{"status", "ok"}});
                response.SetHeader("access-control-allow-origin", "*");
                response.SetHeader("access-control-allow-methods", "*");
                response.SetHeader("access-control-allow-headers", "*");
                response.SetHeader("access-control-expose-headers", "*");
                return response;
            },
    });
}

}  // namespace stackd::api
