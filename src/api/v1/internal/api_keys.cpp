#include "api/v1/internal/api_keys.hpp"

#include <cmath>

#include "api/v1/schema/api_key_json.hpp"
#include "api/v1/schema/fields.hpp"
#include "api/v1/schema/team_json.hpp"
#include "crypto/random.hpp"
#include "errors/known_error.hpp"

namespace stackd::api::v1::internal {
namespace {

std::string ApiKeyIdParam(const RouteContext& context) {
    const std::string& value = context.params.at("api_key_id");
    if (!crypto::IsUuid(value)) {
        throw errors::SchemaError(context.request.method, context.requested_path,
                                  {"params.api_key_id must be a valid UUID"});
    }
    return value;
}

void RequireBody(const RouteContext& context, schema::ObjectReader& reader) {
    if (context.body.is_discarded()) {
        reader.AddProblem("body must be defined");
    }
}

// yupNumber(): any finite number (stored in whole milliseconds).
std::optional<int64_t> ReadMillis(schema::ObjectReader& reader, const nlohmann::json& body, const std::string& key) {
    const nlohmann::json* value = body.is_object() && body.contains(key) ? &body[key] : nullptr;
    if (value == nullptr) {
        reader.AddProblem("body." + key + " must be defined");
        return std::nullopt;
    }
    if (!value->is_number() || !std::isfinite(value->get<double>())) {
        reader.AddProblem("body." + key + " must be a `number` type, but the final value was: `" + value->dump() +
                          "`.");
        return std::nullopt;
    }
    return static_cast<int64_t>(std::floor(value->get<double>()));
}

}  // namespace

void RegisterApiKeys(Dispatcher& dispatcher, std::shared_ptr<domain::ApiKeyService> api_keys) {
    dispatcher.Add({
        .method = "GET",
        .path = "/api/v1/internal/api-keys",
        .access = kAdminOnly,
        .query_keys = std::vector<std::string>{},
        .handle =
            [api_keys](const RouteContext& context) {
                nlohmann::json items = nlohmann::json::array();
                for (const auto& set : api_keys->List(context.Auth().project().id)) {
                    items.push_back(schema::ApiKeySetObfuscatedRead(set));
                }
                return http::Response::Json(200, schema::ListJson(std::move(items)));
            },
    });
    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/internal/api-keys",
        .access = kAdminOnly,
        .query_keys = std::nullopt,
        .handle =
            [api_keys](const RouteContext& context) {
                schema::ObjectReader reader("body", context.body,
                                            {"description", "expires_at_millis", "has_publishable_client_key",
                                             "has_secret_server_key", "has_super_secret_admin_key"});
                RequireBody(context, reader);
                domain::ApiKeySetRequest request;
                request.description = reader.String("description", {.required = true}).value_or("");
                request.expires_at_ms = ReadMillis(reader, context.body, "expires_at_millis").value_or(0);
                request.has_publishable_client_key = reader.Bool("has_publishable_client_key", true).value_or(false);
                request.has_secret_server_key = reader.Bool("has_secret_server_key", true).value_or(false);
                request.has_super_secret_admin_key = reader.Bool("has_super_secret_admin_key", true).value_or(false);
                reader.ThrowIfInvalid(context.request.method, context.requested_path);
                // 200, not 201: the create route is a plain handler upstream.
                return http::Response::Json(
                    200, schema::ApiKeySetCreated(api_keys->Create(context.Auth().project().id, request)));
            },
    });
    dispatcher.Add({
        .method = "GET",
        .path = "/api/v1/internal/api-keys/{api_key_id}",
        .access = kAdminOnly,
        .query_keys = std::vector<std::string>{},
        .handle =
            [api_keys](const RouteContext& context) {
                const std::string id = ApiKeyIdParam(context);
                return http::Response::Json(
                    200, schema::ApiKeySetObfuscatedRead(api_keys->Get(context.Auth().project().id, id)));
            },
    });
    dispatcher.Add({
        .method = "PATCH",
        .path = "/api/v1/internal/api-keys/{api_key_id}",
        .access = kAdminOnly,
        .query_keys = std::vector<std::string>{},
        .handle =
            [api_keys](const RouteContext& context) {
                const std::string id = ApiKeyIdParam(context);
                schema::ObjectReader reader("body", context.body, {"description", "revoked"});
                RequireBody(context, reader);
                const auto description = reader.String("description");
                const auto revoked = reader.Bool("revoked");
                if (revoked && !*revoked) {
                    reader.AddProblem("body.revoked must be one of the following values: true");
                }
                reader.ThrowIfInvalid(context.request.method, context.requested_path);
                return http::Response::Json(
                    200, schema::ApiKeySetObfuscatedRead(
                             api_keys->Update(context.Auth().project().id, id, description, revoked.value_or(false))));
            },
    });
}

}  // namespace stackd::api::v1::internal
