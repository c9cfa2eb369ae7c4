#include "api/v1/project_api_keys.hpp"

#include <cmath>

#include "api/v1/schema/fields.hpp"
#include "api/v1/schema/project_api_key_json.hpp"
#include "api/v1/schema/team_json.hpp"
#include "api/v1/team_request.hpp"
#include "crypto/random.hpp"
#include "errors/known_error.hpp"

namespace stackd::api::v1 {
namespace {

using domain::ApiKeyType;
using nlohmann::json;

// What differs between the user and the team routes.
struct KeyKind {
    ApiKeyType type;
    std::string base_path;   // "/api/v1/user-api-keys"
    std::string owner_key;   // "user_id" / "team_id"
};

void RequireBody(const RouteContext& context, schema::ObjectReader& reader) {
    if (context.body.is_discarded()) {
        reader.AddProblem("body must be defined");
    }
}

void Throw(const RouteContext& context, const schema::ObjectReader& reader) {
    reader.ThrowIfInvalid(context.request.method, context.requested_path);
}

// yupNumber().nullable().defined(): the key must be present; null (or 0, as upstream's
// truthiness test) means the key never expires.
std::optional<int64_t> ReadExpiry(schema::ObjectReader& reader, const json& body) {
    const std::string key = "expires_at_millis";
    if (!body.is_object() || !body.contains(key)) {
        reader.AddProblem("body." + key + " must be defined");
        return std::nullopt;
    }
    const json& value = body[key];
    if (value.is_null()) {
        return std::nullopt;
    }
    if (!value.is_number() || !std::isfinite(value.get<double>())) {
        reader.AddProblem("body." + key + " must be a `number` type, but the final value was: `" + value.dump() + "`.");
        return std::nullopt;
    }
    const auto millis = static_cast<int64_t>(std::floor(value.get<double>()));
    return millis == 0 ? std::nullopt : std::optional<int64_t>(millis);
}

// The owner named in a create body or a list query: user ids are uuid|me, team ids any
// string on create and a UUID in queries (upstream's schemas).
std::optional<std::string> ReadOwner(const RouteContext& context, const KeyKind& kind, schema::ObjectReader& reader,
                                     const std::string& path, bool required, bool team_uuid) {
    if (kind.type == ApiKeyType::kUser) {
        if (required && !reader.Has("user_id")) {
            reader.AddProblem(path + ".user_id must be defined");
            return std::nullopt;
        }
        return ReadUserIdOrMe(context, reader, path, "user_id");
    }
    return team_uuid ? reader.Uuid("team_id", required) : reader.String("team_id", {.required = required});
}

bool IsCloudHost(const http::Request& request) {
    std::string host = request.Header("host").value_or("");
    if (const auto colon = host.rfind(':'); colon != std::string::npos) {
        host.resize(colon);
    }
    return host == "api.stack-auth.com";
}

std::string ApiKeyIdParam(const RouteContext& context) {
    const std::string& value = context.params.at("api_key_id");
    if (!crypto::IsUuid(value)) {
        throw errors::SchemaError(context.request.method, context.requested_path,
                                  {"params.api_key_id must be a valid UUID"});
    }
    return value;
}

// The read/update query: user_id optional (uuid|me, ignored), team_id a required UUID
// (validated, though authorization uses the key's own team).
void ReadItemQuery(const RouteContext& context, const KeyKind& kind, schema::ObjectReader& reader) {
    ReadOwner(context, kind, reader, "query", kind.type == ApiKeyType::kTeam, true);
}

void RegisterKind(Dispatcher& dispatcher, std::shared_ptr<domain::ProjectApiKeyService> keys, const KeyKind& kind) {
    const std::vector<std::string> query_keys = {kind.owner_key};
    dispatcher.Add({
        .method = "POST",
        .path = kind.base_path,
        .access = kAnyAccess,
        .query_keys = std::nullopt,
        .handle =
            [keys, kind](const RouteContext& context) {
                schema::ObjectReader reader("body", context.body,
                                            {"description", "expires_at_millis", "is_public", kind.owner_key});
                RequireBody(context, reader);
                domain::ProjectApiKeyRequest request;
                request.type = kind.type;
                request.description = reader.String("description", {.required = true}).value_or("");
                request.expires_at_ms = ReadExpiry(reader, context.body);
                request.is_public = reader.Bool("is_public").value_or(false);
                const auto owner = ReadOwner(context, kind, reader, "body", true, false);
                Throw(context, reader);
                const auto& auth = context.Auth();
                domain::ProjectApiKeyService::EnsureEnabled(*auth.view, kind.type);
                keys->EnsureCanManage(*auth.view, CallerOf(auth), kind.type, *owner);
                request.owner_id = *owner;
                request.is_cloud_version = IsCloudHost(context.request);
                // 200, not 201: upstream's create is a plain route, not a CRUD create.
                return http::Response::Json(200, schema::ProjectApiKeyCreated(keys->Create(*auth.view, request)));
            },
    });
    dispatcher.Add({
        .method = "GET",
        .path = kind.base_path,
        .access = kAnyAccess,
        .query_keys = query_keys,
        .handle =
            [keys, kind](const RouteContext& context) {
                const json query = schema::QueryJson(context.request.query);
                schema::ObjectReader reader("query", query, {kind.owner_key});
                const auto owner = ReadOwner(context, kind, reader, "query", kind.type == ApiKeyType::kTeam, true);
                Throw(context, reader);
                const auto& auth = context.Auth();
                domain::ProjectApiKeyService::EnsureEnabled(*auth.view, kind.type);
                if (!owner) {
                    const std::string message = "user_id is required for user API keys";
                    throw errors::KnownError(errors::ErrorCode::kSchemaError, message, {{"message", message}});
                }
                keys->EnsureCanManage(*auth.view, CallerOf(auth), kind.type, *owner);
                json items = json::array();
                for (const auto& key : keys->List(auth.tenancy().id, kind.type, *owner)) {
                    items.push_back(schema::ProjectApiKeyRead(key));
                }
                return http::Response::Json(200, schema::ListJson(std::move(items)));
            },
    });
    dispatcher.Add({
        .method = "GET",
        .path = kind.base_path + "/{api_key_id}",
        .access = kAnyAccess,
        .query_keys = query_keys,
        .handle =
            [keys, kind](const RouteContext& context) {
                const json query = schema::QueryJson(context.request.query);
                schema::ObjectReader reader("query", query, {kind.owner_key});
                ReadItemQuery(context, kind, reader);
                const std::string id = ApiKeyIdParam(context);
                Throw(context, reader);
                const auto& auth = context.Auth();
                domain::ProjectApiKeyService::EnsureEnabled(*auth.view, kind.type);
                const auto key = keys->Get(auth.tenancy().id, kind.type, id);
                keys->EnsureCanManage(*auth.view, CallerOf(auth), kind.type, key.owner_id);
                return http::Response::Json(200, schema::ProjectApiKeyRead(key));
            },
    });
    dispatcher.Add({
        .method = "PATCH",
        .path = kind.base_path + "/{api_key_id}",
        .access = kAnyAccess,
        .query_keys = query_keys,
        .handle =
            [keys, kind](const RouteContext& context) {
                const json query = schema::QueryJson(context.request.query);
                schema::ObjectReader query_reader("query", query, {kind.owner_key});
                ReadItemQuery(context, kind, query_reader);
                const std::string id = ApiKeyIdParam(context);
                schema::ObjectReader reader("body", context.body, {"description", "revoked"});
                RequireBody(context, reader);
                const auto description = reader.String("description");
                const auto revoked = reader.Bool("revoked");
                if (revoked && !*revoked) {
                    reader.AddProblem("body.revoked must be one of the following values: true");
                }
                for (const auto& problem : reader.problems()) {
                    query_reader.AddProblem(problem);
                }
                Throw(context, query_reader);
                const auto& auth = context.Auth();
                domain::ProjectApiKeyService::EnsureEnabled(*auth.view, kind.type);
                const auto key = keys->Get(auth.tenancy().id, kind.type, id);
                keys->EnsureCanManage(*auth.view, CallerOf(auth), kind.type, key.owner_id);
                return http::Response::Json(200, schema::ProjectApiKeyRead(keys->Update(
                                                     auth.tenancy().id, kind.type, id, description, revoked.value_or(false))));
            },
    });
    dispatcher.Add({
        .method = "POST",
        .path = kind.base_path + "/check",
        .access = kServerOrAdmin,
        .query_keys = std::nullopt,
        .handle =
            [keys, kind](const RouteContext& context) {
                schema::ObjectReader reader("body", context.body, {"api_key"});
                RequireBody(context, reader);
                const auto secret = reader.String("api_key", {.required = true});
                Throw(context, reader);
                const auto& auth = context.Auth();
                domain::ProjectApiKeyService::EnsureEnabled(*auth.view, kind.type);
                return http::Response::Json(
                    200, schema::ProjectApiKeyRead(keys->Check(auth.tenancy().id, kind.type, *secret)));
            },
    });
}

}  // namespace

void RegisterProjectApiKeys(Dispatcher& dispatcher, std::shared_ptr<domain::ProjectApiKeyService> keys) {
    RegisterKind(dispatcher, keys, {ApiKeyType::kUser, "/api/v1/user-api-keys", "user_id"});
    RegisterKind(dispatcher, keys, {ApiKeyType::kTeam, "/api/v1/team-api-keys", "team_id"});
}

}  // namespace stackd::api::v1
