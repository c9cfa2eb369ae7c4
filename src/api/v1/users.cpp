#include "api/v1/users.hpp"

#include "api/v1/schema/fields.hpp"
#include "api/v1/schema/user_input.hpp"
#include "api/v1/user_id_param.hpp"
#include "crypto/random.hpp"
#include "errors/known_error.hpp"
#include "wire/user_json.hpp"

namespace stackd::api::v1 {
namespace {

using domain::AccessType;
using errors::StatusError;

// CRUD routes share one set of accepted query keys across their operations.
const std::vector<std::string> kUserQueryKeys = {"team_id",          "limit",         "cursor",
                                                 "order_by",         "desc",          "query",
                                                 "include_restricted", "include_anonymous", "only_anonymous"};

bool RequireEmailVerification(const RequestAuth& auth) {
    const auto& value = auth.config()["onboarding"]["requireEmailVerification"];
    return value.is_boolean() && value.get<bool>();
}

http::Response UserResponse(int status, const domain::User& user, const RequestAuth& auth) {
    return http::Response::Json(status, wire::UserToJson(user, auth.type, RequireEmailVerification(auth)));
}

http::Response Success() { return http::Response::Json(200, {{"success", true}}); }

domain::user_repository::ListFilter ReadListFilter(const RouteContext& context) {
    const nlohmann::json query = schema::QueryJson(context.request.query);
    schema::ObjectReader reader("query", query, kUserQueryKeys);
    domain::user_repository::ListFilter filter;
    filter.team_id = reader.Uuid("team_id", false);
    filter.limit = reader.Integer("limit", false, 1);
    if (auto cursor = reader.Uuid("cursor", false)) {
        filter.cursor = cursor;
    }
    reader.OneOf("order_by", {"signed_up_at"});
    // Upstream's flags are strings: oneOf("true", "false").
    auto flag = [&reader](const char* key) { return reader.OneOf(key, {"true", "false"}) == "true"; };
    filter.descending = flag("desc");
    if (auto search = reader.String("query")) {
        filter.search = *search;
        std::string stripped;
        for (const char c : *search) {
            if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') {
                stripped.push_back(c);
            }
        }
        if (crypto::IsUuid(stripped)) {
            filter.search_user_id = stripped;
        }
    }
    filter.include_restricted = flag("include_restricted");
    filter.include_anonymous = flag("include_anonymous");
    filter.only_anonymous = flag("only_anonymous");
    reader.ThrowIfInvalid(context.request.method, context.requested_path);
    if (filter.only_anonymous && !filter.include_anonymous) {
        throw StatusError(400, "only_anonymous=true requires include_anonymous=true");
    }
    filter.include_restricted = filter.include_restricted || filter.include_anonymous;
    filter.require_verified_email = RequireEmailVerification(context.Auth());
    return filter;
}

}  // namespace

void RegisterUsers(Dispatcher& dispatcher, domain::UserService& users) {
    dispatcher.Add({
        .method = "GET",
        .path = "/api/v1/users",
        .access = kServerOrAdmin,
        .query_keys = kUserQueryKeys,
        .handle =
            [&users](const RouteContext& context) {
                const auto& auth = context.Auth();
                auto filter = ReadListFilter(context);
                auto found = users.List(auth.tenancy().id, filter);
                nlohmann::json next_cursor = nullptr;
                if (filter.limit && found.size() > static_cast<size_t>(*filter.limit)) {
                    next_cursor = found.back().id;
                    found.pop_back();
                }
                nlohmann::json items = nlohmann::json::array();
                for (const auto& user : found) {
                    items.push_back(wire::UserToJson(user, auth.type, RequireEmailVerification(auth)));
                }
                return http::Response::Json(
                    200, {{"items", items}, {"is_paginated", true}, {"pagination", {{"next_cursor", next_cursor}}}});
            },
    });

    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/users",
        .access = kServerOrAdmin,
        .query_keys = kUserQueryKeys,
        .handle =
            [&users](const RouteContext& context) {
                const auto& auth = context.Auth();
                const auto input = schema::ReadUserInput(context, schema::UserInputKind::kServerCreate);
                return UserResponse(201, users.Create(*auth.view, input), auth);
            },
    });

    // /users/{user_id}: server and admin; `me` names the access token's user.
    for (const char* method : {"GET", "PATCH", "DELETE"}) {
        const std::string verb = method;
        dispatcher.Add({
            .method = verb,
            .path = "/api/v1/users/{user_id}",
            .access = kServerOrAdmin,
            .query_keys = kUserQueryKeys,
            .handle =
                [&users, verb](const RouteContext& context) {
                    const auto& auth = context.Auth();
                    const std::string user_id = ResolveUserIdParam(context, context.params.at("user_id"), "params.user_id");
                    if (verb == "GET") {
                        return UserResponse(200, users.Get(auth.tenancy().id, user_id), auth);
                    }
                    if (verb == "PATCH") {
                        const auto input = schema::ReadUserInput(context, schema::UserInputKind::kServerUpdate);
                        return UserResponse(200, users.Update(*auth.view, user_id, input), auth);
                    }
                    users.Delete(*auth.view, user_id);
                    return Success();
                },
        });
    }

    // /users/me: the client may act on its own user too. Upstream's current-user CRUD has
    // no query schema, and checks the body and the client rules before it needs the user.
    dispatcher.Add({
        .method = "GET",
        .path = "/api/v1/users/me",
        .access = kAnyAccess,
        .query_keys = std::vector<std::string>{},
        .handle =
            [](const RouteContext& context) {
                const auto& auth = context.Auth();
                ResolveUserIdParam(context, "me", "params.user_id");
                // The auth step has just read the token's user: no second query.
                return UserResponse(200, *auth.user, auth);
            },
    });
    dispatcher.Add({
        .method = "PATCH",
        .path = "/api/v1/users/me",
        .access = kAnyAccess,
        .query_keys = std::vector<std::string>{},
        .handle =
            [&users](const RouteContext& context) {
                const auto& auth = context.Auth();
                const auto kind = auth.type == AccessType::kClient ? schema::UserInputKind::kClientUpdate
                                                                   : schema::UserInputKind::kServerUpdate;
                const auto input = schema::ReadUserInput(context, kind);
                const std::string user_id = ResolveUserIdParam(context, "me", "params.user_id");
                return UserResponse(200, users.Update(*auth.view, user_id, input), auth);
            },
    });
    dispatcher.Add({
        .method = "DELETE",
        .path = "/api/v1/users/me",
        .access = kAnyAccess,
        .query_keys = std::vector<std::string>{},
        .handle =
            [&users](const RouteContext& context) {
                const auto& auth = context.Auth();
                const auto& allowed = auth.config()["users"]["allowClientUserDeletion"];
                if (auth.type == AccessType::kClient && !(allowed.is_boolean() && allowed.get<bool>())) {
                    throw StatusError(400, "Client user deletion is not enabled for this project");
                }
                const std::string user_id = ResolveUserIdParam(context, "me", "params.user_id");
                users.Delete(*auth.view, user_id);
                return Success();
            },
    });
}

}  // namespace stackd::api::v1
