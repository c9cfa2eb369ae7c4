#include "api/v1/webhooks.hpp"

#include "api/v1/team_request.hpp"

namespace stackd::api::v1 {

void RegisterWebhooks(Dispatcher& dispatcher, const domain::WebhookPortal& portal) {
    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/webhooks/svix-token",
        .access = kAdminOnly,
        .query_keys = std::vector<std::string>{},
        .handle =
            [&portal](const RouteContext& context) {
                RequireEmptyObjectBody(context);
                const auto access = portal.Access(context.Auth().project().id);
                nlohmann::json body = {{"token", access.token}};
                if (access.url) {
                    body["url"] = *access.url;
                }
                return http::Response::Json(201, body);
            },
    });
}

}  // namespace stackd::api::v1
