#include "api/v1/internal/metrics.hpp"

#include "api/v1/schema/fields.hpp"
#include "api/v1/schema/metrics_json.hpp"

namespace stackd::api::v1::internal {

void RegisterMetrics(Dispatcher& dispatcher, std::shared_ptr<domain::MetricsService> metrics) {
    dispatcher.Add({
        .method = "GET",
        .path = "/api/v1/internal/metrics",
        .access = kAdminOnly,
        .query_keys = std::vector<std::string>{"include_anonymous"},
        .handle =
            [metrics](const RouteContext& context) {
                const auto& auth = context.Auth();
                schema::ObjectReader reader("query", schema::QueryJson(context.request.query), {"include_anonymous"});
                // Upstream's flag is a string: oneOf("true", "false"), default false.
                const bool include_anonymous = reader.OneOf("include_anonymous", {"true", "false"}) == "true";
                reader.ThrowIfInvalid(context.request.method, context.requested_path);
                const auto& require = auth.config()["onboarding"]["requireEmailVerification"];
                const bool require_email_verification = require.is_boolean() && require.get<bool>();
                return http::Response::Json(200, schema::MetricsToJson(metrics->Compute(*auth.view, include_anonymous),
                                                                       require_email_verification));
            },
    });
}

}  // namespace stackd::api::v1::internal
