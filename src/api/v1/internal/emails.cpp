#include "api/v1/internal/emails.hpp"

namespace stackd::api::v1::internal {
namespace {

using nlohmann::json;

constexpr int64_t kShown = 100;

json SummaryToJson(const domain::OutboxEmail& email) {
    const json& to = email.payload.contains("to") ? email.payload["to"] : json::object();
    json addresses = json::array();
    if (to.value("type", "") == "user-primary-email") {
        addresses.push_back("User ID: " + to.value("user_id", ""));
    } else if (to.contains("emails") && to["emails"].is_array()) {
        addresses = to["emails"];
    }
    json error = nullptr;
    if (email.render_error) {
        error = "Render error: " + *email.render_error;
    } else if (email.state == "failed") {
        error = "Send error: " + email.last_error.value_or("");
    }
    return {{"id", email.id},
            {"subject", email.payload.value("subject", "")},
            {"sent_at_millis", email.finished_sending_at_ms.value_or(email.created_at_ms)},
            {"to", addresses},
            {"error", error}};
}

}  // namespace

void RegisterEmails(Dispatcher& dispatcher, const domain::EmailOutboxService& outbox) {
    dispatcher.Add({
        .method = "GET",
        .path = "/api/v1/internal/emails",
        .access = kAdminOnly,
        .query_keys = std::nullopt,
        .handle =
            [&outbox](const RouteContext& context) {
                domain::email_outbox_repository::ListQuery query;
                query.limit = kShown;
                json items = json::array();
                for (const auto& email : outbox.List(context.Auth().tenancy().id, query).items) {
                    items.push_back(SummaryToJson(email));
                }
                return http::Response::Json(200, {{"items", items}, {"is_paginated", false}});
            },
    });
}

}  // namespace stackd::api::v1::internal
