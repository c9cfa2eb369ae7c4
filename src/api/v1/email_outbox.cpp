#include "api/v1/email_outbox.hpp"

#include "api/v1/schema/email_outbox_json.hpp"
#include "api/v1/schema/fields.hpp"
#include "crypto/random.hpp"
#include "errors/known_error.hpp"

namespace stackd::api::v1 {
namespace {

using errors::StatusError;
using nlohmann::json;

constexpr int64_t kMaxLimit = 100;

// Upstream's CRUD handler checks one query schema on every operation.
const std::vector<std::string> kOutboxQueryKeys = {"status", "simple_status", "limit", "cursor"};

struct OutboxQuery {
    std::optional<std::string> status;
    std::optional<std::string> simple_status;
    std::optional<std::string> limit;
    std::optional<std::string> cursor;
};

OutboxQuery ReadQuery(const RouteContext& context) {
    const json query = schema::QueryJson(context.request.query);
    schema::ObjectReader reader("query", query, kOutboxQueryKeys);
    OutboxQuery result;
    result.status = reader.String("status");
    result.simple_status = reader.String("simple_status");
    result.limit = reader.String("limit");
    result.cursor = reader.Uuid("cursor", false);
    reader.ThrowIfInvalid(context.request.method, context.requested_path);
    return result;
}

std::string ReadId(const RouteContext& context) {
    const std::string& id = context.params.at("id");
    if (!crypto::IsUuid(id)) {
        throw errors::SchemaError(context.request.method, context.requested_path,
                                  {"params.id must be a valid UUID"});
    }
    return id;
}

// parseInt semantics: leading digits count ("12abc" is 12); none is invalid.
int64_t ParseLimit(const std::string& text) {
    size_t at = text.find_first_not_of(" \t\n\r");
    bool negative = false;
    if (at != std::string::npos && (text[at] == '-' || text[at] == '+')) {
        negative = text[at] == '-';
        ++at;
    }
    int64_t value = 0;
    bool any = false;
    while (at != std::string::npos && at < text.size() && std::isdigit(static_cast<unsigned char>(text[at]))) {
        value = std::min<int64_t>(value * 10 + (text[at] - '0'), 1'000'000'000);
        any = true;
        ++at;
    }
    if (!any || negative || value < 1) {
        throw StatusError(400, "Invalid limit parameter");
    }
    if (value > kMaxLimit) {
        throw StatusError(400, "Limit cannot exceed " + std::to_string(kMaxLimit));
    }
    return value;
}

// A recipient in the API form; problems go to `body`.
std::optional<json> ReadRecipient(schema::ObjectReader& body, const json& value) {
    auto string_array = [](const json& emails) {
        return emails.is_array() &&
               std::all_of(emails.begin(), emails.end(), [](const json& email) { return email.is_string(); });
    };
    if (value.is_object()) {
        const std::string type = value.value("type", "");
        const bool has_user = value.contains("user_id") && value["user_id"].is_string();
        const bool has_emails = value.contains("emails") && string_array(value["emails"]);
        if (type == "user-primary-email" && has_user) {
            return json{{"type", type}, {"user_id", value["user_id"]}};
        }
        if (type == "user-custom-emails" && has_user && has_emails) {
            return json{{"type", type}, {"user_id", value["user_id"]}, {"emails", value["emails"]}};
        }
        if (type == "custom-emails" && has_emails) {
            return json{{"type", type}, {"emails", value["emails"]}};
        }
    }
    body.AddProblem("body.to is not matched by any of the provided schemas");
    return std::nullopt;
}

domain::OutboxEmailPatch ReadPatch(const RouteContext& context) {
    schema::ObjectReader body("body", context.body,
                              {"tsx_source", "theme_id", "to", "variables", "skip_deliverability_check",
                               "scheduled_at_millis", "is_paused", "cancel"});
    domain::OutboxEmailPatch patch;
    patch.tsx_source = body.String("tsx_source");
    if (body.Has("theme_id")) {
        const auto theme = body.NullableString("theme_id", {.nullable = true});
        patch.set_theme_id = theme.has_value();
        if (theme) {
            patch.theme_id = *theme;
        }
    }
    if (const auto to = body.Json("to")) {
        patch.to = ReadRecipient(body, *to);
    }
    if (const auto variables = body.Json("variables")) {
        if (variables->is_object()) {
            patch.variables = *variables;
        } else {
            body.AddProblem("body.variables must be a `object` type, but the final value was: `" + variables->dump() +
                            "`.");
        }
    }
    patch.skip_deliverability_check = body.Bool("skip_deliverability_check");
    if (const auto scheduled = body.Json("scheduled_at_millis")) {
        patch.scheduled_at_ms = schema::TimestampMillis(*scheduled);
        if (!patch.scheduled_at_ms) {
            body.AddProblem("body.scheduled_at_millis must be a `number` type, but the final value was: `" +
                            scheduled->dump() + "`.");
        }
    }
    patch.is_paused = body.Bool("is_paused");
    const auto cancel = body.Bool("cancel");
    if (cancel && !*cancel) {
        body.AddProblem("body.cancel must be one of the following values: true");
    }
    patch.cancel = cancel.value_or(false);
    body.ThrowIfInvalid(context.request.method, context.requested_path);
    return patch;
}

}  // namespace

void RegisterEmailOutbox(Dispatcher& dispatcher, const domain::EmailOutboxService& outbox) {
    dispatcher.Add({
        .method = "GET",
        .path = "/api/v1/emails/outbox",
        .access = kServerOrAdmin,
        .query_keys = kOutboxQueryKeys,
        .handle =
            [&outbox](const RouteContext& context) {
                const auto query = ReadQuery(context);
                domain::email_outbox_repository::ListQuery list;
                list.limit = query.limit ? ParseLimit(*query.limit) : kMaxLimit;
                if (query.status) {
                    list.db_status = schema::ApiStatusToDb(*query.status);
                }
                if (query.simple_status) {
                    list.db_simple_status = schema::ApiStatusToDb(*query.simple_status);
                }
                list.cursor = query.cursor;
                const auto page = outbox.List(context.Auth().tenancy().id, list);
                const int64_t now = outbox.Now();
                json items = json::array();
                for (const auto& email : page.items) {
                    items.push_back(schema::OutboxEmailToJson(email, now));
                }
                return http::Response::Json(
                    200, {{"items", items},
                          {"is_paginated", true},
                          {"pagination", {{"next_cursor", page.next_cursor ? json(*page.next_cursor) : json()}}}});
            },
    });
    dispatcher.Add({
        .method = "GET",
        .path = "/api/v1/emails/outbox/{id}",
        .access = kServerOrAdmin,
        .query_keys = kOutboxQueryKeys,
        .handle =
            [&outbox](const RouteContext& context) {
                const std::string id = ReadId(context);
                ReadQuery(context);
                const auto email = outbox.Get(context.Auth().tenancy().id, id);
                return http::Response::Json(200, schema::OutboxEmailToJson(email, outbox.Now()));
            },
    });
    dispatcher.Add({
        .method = "PATCH",
        .path = "/api/v1/emails/outbox/{id}",
        .access = kServerOrAdmin,
        .query_keys = kOutboxQueryKeys,
        .handle =
            [&outbox](const RouteContext& context) {
                const std::string id = ReadId(context);
                ReadQuery(context);
                const auto patch = ReadPatch(context);
                const auto email = outbox.Update(*context.Auth().view, id, patch);
                return http::Response::Json(200, schema::OutboxEmailToJson(email, outbox.Now()));
            },
    });
}

}  // namespace stackd::api::v1
