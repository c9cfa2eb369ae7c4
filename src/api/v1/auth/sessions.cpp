#include "api/v1/auth/sessions.hpp"

#include "api/client_info.hpp"
#include "api/v1/schema/fields.hpp"
#include "api/v1/user_id_param.hpp"
#include "crypto/random.hpp"
#include "errors/known_error.hpp"
#include "errors/token_errors.hpp"

namespace stackd::api::v1::auth {
namespace {

using domain::AccessType;
using errors::ErrorCode;
using errors::KnownError;
using errors::StatusError;

constexpr int64_t kMaxSessionLifetimeMs = 31708800000;  // 367 days

nlohmann::json SessionJson(const domain::session_repository::Session& session,
                           const std::optional<std::string>& current_session_id) {
    nlohmann::json json = {{"id", session.id},
                           {"user_id", session.user_id},
                           {"created_at", session.created_at_ms},
                           {"last_used_at", session.last_active_at_ms},
                           {"is_impersonation", session.is_impersonation},
                           {"is_current_session", current_session_id == session.id}};
    if (session.last_active_ip_info.is_object()) {
        json["last_used_at_end_user_ip_info"] = session.last_active_ip_info;
    }
    return json;
}


}  // namespace

void RegisterSessions(Dispatcher& dispatcher, domain::SessionService& sessions, domain::UserService& users,
                      const util::Clock& clock, const std::string& trusted_proxy) {
    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/auth/sessions",
        .access = kServerOrAdmin,
        .query_keys = std::nullopt,  // no query schema: not checked, as upstream
        .handle =
            [&sessions, &users, trusted_proxy](const RouteContext& context) {
                schema::ObjectReader body("body", context.body, {"user_id", "expires_in_millis", "is_impersonation"});
                auto user_id = body.String("user_id", {.required = true});
                auto expires_in = body.Integer("expires_in_millis", false, std::nullopt, kMaxSessionLifetimeMs);
                auto impersonation = body.Bool("is_impersonation");
                body.ThrowIfInvalid(context.request.method, context.requested_path);
                const auto& auth = context.Auth();
                const std::string id = ResolveUserIdParam(context, *user_id, "body.user_id");
                auto user = users.Find(auth.tenancy().id, id);
                if (!user) {
                    throw KnownError::Formatted(ErrorCode::kUserIdDoesNotExist, {{"user_id", id}}, id);
                }
                const auto tokens = sessions.Create(*auth.view, *user, expires_in, impersonation.value_or(false),
                                                    ClientInfoOf(context.request, trusted_proxy));
                return http::Response::Json(200, {{"refresh_token", tokens.refresh_token},
                                                  {"access_token", tokens.access_token}});
            },
    });

    dispatcher.Add({
        .method = "GET",
        .path = "/api/v1/auth/sessions",
        .access = kAnyAccess,
        .query_keys = std::vector<std::string>{"user_id"},
        .handle =
            [&sessions](const RouteContext& context) {
                schema::ObjectReader query("query", schema::QueryJson(context.request.query), {"user_id"});
                auto user_id = query.String("user_id", {.required = true});
                query.ThrowIfInvalid(context.request.method, context.requested_path);
                const auto& auth = context.Auth();
                const std::string id = ResolveUserIdParam(context, *user_id, "query.user_id");
                if (auth.type == AccessType::kClient) {
                    if (!auth.user_id) {
                        throw KnownError(ErrorCode::kCannotGetOwnUserWithoutUser);
                    }
                    if (*auth.user_id != id) {
                        throw StatusError(403, "Client can only list sessions for their own user.");
                    }
                }
                nlohmann::json items = nlohmann::json::array();
                for (const auto& session : sessions.List(auth.tenancy().id, id)) {
                    // Impersonation sessions are for admins' eyes only.
                    if (session.is_impersonation && auth.type != AccessType::kAdmin) {
                        continue;
                    }
                    items.push_back(SessionJson(session, auth.refresh_token_id));
                }
                return http::Response::Json(200, {{"items", items}, {"is_paginated", false}});
            },
    });

    dispatcher.Add({
        .method = "DELETE",
        .path = "/api/v1/auth/sessions/current",
        .access = kAnyAccess,
        .query_keys = std::nullopt,  // no query schema: not checked, as upstream
        .handle =
            [&sessions, &clock](const RouteContext& context) {
                const auto& auth = context.Auth();
                if (!auth.refresh_token_id) {
                    // Kept for old tokens without a session id, as upstream.
                    throw errors::AccessTokenExpired(clock.NowMillis(), std::nullopt, std::nullopt, std::nullopt);
                }
                if (!sessions.Delete(auth.tenancy().id, *auth.refresh_token_id)) {
                    throw KnownError(ErrorCode::kRefreshTokenNotFoundOrExpired);
                }
                return http::Response::Json(200, {{"success", true}});
            },
    });

    dispatcher.Add({
        .method = "DELETE",
        .path = "/api/v1/auth/sessions/{id}",
        .access = kAnyAccess,
        .query_keys = std::vector<std::string>{"user_id"},
        .handle =
            [&sessions](const RouteContext& context) {
                schema::ObjectReader query("query", schema::QueryJson(context.request.query), {"user_id"});
                // Required and resolved (uuid or `me`), then ignored, as upstream.
                const auto user_id = query.String("user_id", {.required = true});
                if (user_id && *user_id != "me" && !crypto::IsUuid(*user_id)) {
                    query.AddProblem("query.user_id must be a valid UUID");
                }
                const std::string& id = context.params.at("id");
                if (!crypto::IsUuid(id)) {
                    query.AddProblem("params.id must be a valid UUID");
                }
                query.ThrowIfInvalid(context.request.method, context.requested_path);
                ResolveUserIdParam(context, *user_id, "query.user_id");
                const auto& auth = context.Auth();
                auto session = sessions.Find(auth.tenancy().id, id);
                if (!session || (auth.type == AccessType::kClient && auth.user_id != session->user_id)) {
                    throw StatusError(404, "Session not found.");
                }
                if (auth.refresh_token_id == id) {
                    throw KnownError(ErrorCode::kCannotDeleteCurrentSession);
                }
                sessions.Delete(auth.tenancy().id, id);
                return http::Response::Json(200, {{"success", true}});
            },
    });

    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/auth/sessions/current/refresh",
        .access = kAnyAccess,
        .query_keys = std::nullopt,  // no query schema: not checked, as upstream
        .handle =
            [&sessions, trusted_proxy](const RouteContext& context) {
                const auto refresh_token = context.request.Header("x-stack-refresh-token");
                if (!refresh_token) {
                    throw errors::SchemaError(context.request.method, context.requested_path,
                                              {"headers.x-stack-refresh-token must be defined"});
                }
                const auto& auth = context.Auth();
                auto access_token = sessions.Refresh(*refresh_token, auth.project().id, *auth.view,
                                                     ClientInfoOf(context.request, trusted_proxy));
                if (!access_token) {
                    throw KnownError(ErrorCode::kRefreshTokenNotFoundOrExpired);
                }
                return http::Response::Json(200, {{"access_token", *access_token}});
            },
    });
}

}  // namespace stackd::api::v1::auth
