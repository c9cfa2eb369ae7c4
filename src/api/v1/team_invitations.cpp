#include "api/v1/team_invitations.hpp"

#include "api/v1/schema/fields.hpp"
#include "api/v1/team_request.hpp"
#include "api/v1/user_id_param.hpp"
#include "api/v1/verification_code_fields.hpp"
#include "crypto/random.hpp"
#include "errors/known_error.hpp"

namespace stackd::api::v1 {
namespace {

using domain::AccessType;
using errors::ErrorCode;
using errors::KnownError;

// The CRUD's one query schema, shared by list and delete.
const std::vector<std::string> kQueryKeys = {"team_id", "user_id"};

domain::Invitee InviteeOf(const RequestAuth& auth) { return {auth.user, RequireEmailVerification(auth)}; }

// A code route: body {code} only.
std::string ReadCodeBody(const RouteContext& context) {
    schema::ObjectReader body("body", context.body, {"code"});
    auto code = ReadVerificationCode(body);
    body.ThrowIfInvalid(context.request.method, context.requested_path);
    return *code;
}

std::string InvitationIdParam(const RouteContext& context) {
    const std::string& value = context.params.at("id");
    if (!crypto::IsUuid(value)) {
        throw errors::SchemaError(context.request.method, context.requested_path, {"params.id must be a valid UUID"});
    }
    return value;
}

nlohmann::json InvitationJson(const domain::TeamInvitation& invitation) {
    return {{"id", invitation.id},
            {"team_id", invitation.team_id},
            {"team_display_name", invitation.team_display_name},
            {"expires_at_millis", invitation.expires_at_ms},
            {"recipient_email", invitation.recipient_email}};
}

// A client may only name itself (or "me").
void RequireSelf(const RequestAuth& auth, const std::string& user_id) {
    if (auth.type == AccessType::kClient && (!auth.user_id || user_id != *auth.user_id)) {
        throw KnownError(ErrorCode::kCannotGetOwnUserWithoutUser);
    }
}

}  // namespace

void RegisterTeamInvitations(Dispatcher& dispatcher, domain::TeamInvitations& invitations) {
    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/team-invitations/send-code",
        .access = kAnyAccess,
        .query_keys = std::nullopt,
        .handle =
            [&invitations](const RouteContext& context) {
                const auto& auth = context.Auth();
                schema::ObjectReader body("body", context.body, {"team_id", "email", "callback_url"});
                if (context.body.is_discarded()) {
                    body.AddProblem("body must be defined");
                }
                auto team_id = body.Uuid("team_id", true);
                auto email = body.Email("email", true);
                auto callback_url = body.Url("callback_url", true);
                body.ThrowIfInvalid(context.request.method, context.requested_path);
                const std::string id = invitations.Send(*auth.view, CallerOf(auth), *team_id, *email, *callback_url);
                return http::Response::Json(200, {{"success", true}, {"id", id}});
            },
    });

    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/team-invitations/accept",
        .access = kAnyAccess,
        .query_keys = std::nullopt,  // no query schema: not checked, as upstream
        .handle =
            [&invitations](const RouteContext& context) {
                const std::string code = ReadCodeBody(context);
                invitations.Accept(*context.Auth().view, InviteeOf(context.Auth()), code);
                return http::Response::Json(200, nlohmann::json::object());
            },
    });

    AddCheckCodeRoute(dispatcher, "/api/v1/team-invitations/accept/check-code",
                      [&invitations](const RequestAuth& auth, const std::string& code) {
                          invitations.CheckCode(*auth.view, code);
                      });

    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/team-invitations/accept/details",
        .access = kAnyAccess,
        .query_keys = std::nullopt,
        .handle =
            [&invitations](const RouteContext& context) {
                const std::string code = ReadCodeBody(context);
                const auto details = invitations.Details(*context.Auth().view, InviteeOf(context.Auth()), code);
                return http::Response::Json(
                    200, {{"team_id", details.team_id}, {"team_display_name", details.team_display_name}});
            },
    });

    dispatcher.Add({
        .method = "GET",
        .path = "/api/v1/team-invitations",
        .access = kAnyAccess,
        .query_keys = kQueryKeys,
        .handle =
            [&invitations](const RouteContext& context) {
                const auto& auth = context.Auth();
                schema::ObjectReader query("query", schema::QueryJson(context.request.query), kQueryKeys);
                auto team_id = query.Uuid("team_id", false);
                auto user_id = ReadUserIdOrMe(context, query, "query", "user_id");
                query.ThrowIfInvalid(context.request.method, context.requested_path);
                if (team_id && user_id) {
                    throw errors::StatusError(400, "Cannot specify both team_id and user_id");
                }
                if (!team_id && !user_id) {
                    throw errors::StatusError(400, "Must specify either team_id or user_id");
                }
                std::vector<domain::TeamInvitation> found;
                if (user_id) {
                    RequireSelf(auth, *user_id);
                    found = invitations.ListForUser(*auth.view, *user_id);
                } else {
                    found = invitations.ListForTeam(*auth.view, CallerOf(auth), *team_id);
                }
                nlohmann::json items = nlohmann::json::array();
                for (const auto& invitation : found) {
                    items.push_back(InvitationJson(invitation));
                }
                return http::Response::Json(200, {{"items", items}, {"is_paginated", false}});
            },
    });

    dispatcher.Add({
        .method = "DELETE",
        .path = "/api/v1/team-invitations/{id}",
        .access = kAnyAccess,
        .query_keys = kQueryKeys,
        .handle =
            [&invitations](const RouteContext& context) {
                const auto& auth = context.Auth();
                const std::string id = InvitationIdParam(context);
                schema::ObjectReader query("query", schema::QueryJson(context.request.query), kQueryKeys);
                auto team_id = query.Uuid("team_id", false);
                ReadUserIdOrMe(context, query, "query", "user_id");
                query.ThrowIfInvalid(context.request.method, context.requested_path);
                if (!team_id) {
                    throw errors::StatusError(400, "team_id is required for deleting a team invitation");
                }
                invitations.Revoke(*auth.view, CallerOf(auth), *team_id, id);
                return http::Response::Json(200, {{"success", true}});
            },
    });

    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/team-invitations/{id}/accept",
        .access = kAnyAccess,
        .query_keys = std::vector<std::string>{"user_id"},
        .handle =
            [&invitations](const RouteContext& context) {
                const auto& auth = context.Auth();
                const std::string id = InvitationIdParam(context);
                schema::ObjectReader query("query", schema::QueryJson(context.request.query), {"user_id"});
                if (!query.Has("user_id")) {
                    query.AddProblem("query.user_id must be defined");
                }
                auto user_id = ReadUserIdOrMe(context, query, "query", "user_id");
                query.ThrowIfInvalid(context.request.method, context.requested_path);
                if (auth.type == AccessType::kClient) {
                    RequireSelf(auth, *user_id);
                    if (auth.user) {
                        domain::TeamInvitations::EnsureNotRestricted(*auth.user, RequireEmailVerification(auth));
                    }
                }
                invitations.AcceptById(*auth.view, id, *user_id);
                return http::Response::Json(200, nlohmann::json::object());
            },
    });
}

}  // namespace stackd::api::v1
