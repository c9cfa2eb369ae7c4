#include "api/v1/internal/send_test_webhook.hpp"

#include "api/v1/schema/fields.hpp"

namespace stackd::api::v1::internal {

void RegisterSendTestWebhook(Dispatcher& dispatcher, const domain::WebhookPortal& portal) {
    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/internal/send-test-webhook",
        .access = kAdminOnly,
        .query_keys = std::vector<std::string>{},
        .handle =
            [&portal](const RouteContext& context) {
                schema::ObjectReader reader("body", context.body, {"endpoint_id"});
                if (context.body.is_discarded()) {
                    reader.AddProblem("body must be defined");
                }
                const auto endpoint_id = reader.String("endpoint_id", {.required = true});
                reader.ThrowIfInvalid(context.request.method, context.requested_path);
                const auto result = portal.SendTest(context.Auth().project().id, *endpoint_id);
                nlohmann::json body = {{"success", result.success}};
                if (result.error_message) {
                    body["error_message"] = *result.error_message;
                }
                return http::Response::Json(200, body);
            },
    });
}

}  // namespace stackd::api::v1::internal
