#include "api/v1/data_vault.hpp"

#include "api/v1/schema/fields.hpp"

namespace stackd::api::v1 {
namespace {

void RequireBody(const RouteContext& context, schema::ObjectReader& reader) {
    if (context.body.is_discarded()) {
        reader.AddProblem("body must be defined");
    }
}

}  // namespace

void RegisterDataVault(Dispatcher& dispatcher, domain::DataVaultService& vault) {
    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/data-vault/stores/{id}/set",
        .access = kServerOrAdmin,
        .query_keys = std::nullopt,
        .handle =
            [&vault](const RouteContext& context) {
                schema::ObjectReader reader("body", context.body, {"hashed_key", "encrypted_value"});
                RequireBody(context, reader);
                const auto hashed_key = reader.String("hashed_key", {.required = true, .non_empty = true});
                const auto value = reader.String("encrypted_value", {.required = true});
                reader.ThrowIfInvalid(context.request.method, context.requested_path);
                vault.Set(*context.Auth().view, context.params.at("id"), *hashed_key, *value);
                return http::Response::Json(200, {{"success", true}});
            },
    });
    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/data-vault/stores/{id}/get",
        .access = kServerOrAdmin,
        .query_keys = std::nullopt,
        .handle =
            [&vault](const RouteContext& context) {
                schema::ObjectReader reader("body", context.body, {"hashed_key"});
                RequireBody(context, reader);
                const auto hashed_key = reader.String("hashed_key", {.required = true, .non_empty = true});
                reader.ThrowIfInvalid(context.request.method, context.requested_path);
                return http::Response::Json(
                    200, {{"encrypted_value", vault.Get(*context.Auth().view, context.params.at("id"), *hashed_key)}});
            },
    });
}

}  // namespace stackd::api::v1
