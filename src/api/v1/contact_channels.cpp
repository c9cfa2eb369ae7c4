#include "api/v1/contact_channels.hpp"

#include "api/v1/schema/fields.hpp"
#include "api/v1/user_id_param.hpp"
#include "api/v1/verification_code_fields.hpp"
#include "crypto/random.hpp"
#include "errors/known_error.hpp"

namespace stackd::api::v1 {
namespace {

using domain::AccessType;
using errors::ErrorCode;
using errors::KnownError;
using errors::StatusError;

// Upstream's CRUD handler checks one query schema on every operation.
const std::vector<std::string> kChannelQueryKeys = {"user_id", "contact_channel_id"};

nlohmann::json ChannelToJson(const domain::ContactChannel& channel) {
    return {{"user_id", channel.user_id},         {"id", channel.id},
            {"type", "email"},                    {"value", channel.value},
            {"is_primary", channel.is_primary},   {"is_verified", channel.is_verified},
            {"used_for_auth", channel.used_for_auth}};
}

// A client acts on its own user only: no user → CANNOT_GET_OWN_USER_WITHOUT_USER, another
// user → 403 with the operation's text.
void RequireOwnUser(const RequestAuth& auth, const std::optional<std::string>& user_id, const std::string& verb) {
    if (auth.type != AccessType::kClient) {
        return;
    }
    if (!auth.user) {
        throw KnownError(ErrorCode::kCannotGetOwnUserWithoutUser);
    }
    if (!user_id || *user_id != auth.user->id) {
        throw StatusError(403, "Client can only " + verb + " contact channels for their own user.");
    }
}

struct ChannelParams {
    std::string user_id;
    std::string channel_id;
};

ChannelParams ReadChannelParams(const RouteContext& context) {
    ChannelParams params;
    params.user_id = ResolveUserIdParam(context, context.params.at("user_id"), "params.user_id");
    params.channel_id = context.params.at("contact_channel_id");
    if (!crypto::IsUuid(params.channel_id)) {
        throw errors::SchemaError(context.request.method, context.requested_path,
                                  {"params.contact_channel_id must be a valid UUID"});
    }
    return params;
}

// The CRUD query (user_id uuid|me, contact_channel_id uuid), also checked on non-list operations.
struct ChannelQuery {
    std::optional<std::string> user_id;
    std::optional<std::string> channel_id;
};

ChannelQuery ReadChannelQuery(const RouteContext& context) {
    const nlohmann::json query = schema::QueryJson(context.request.query);
    schema::ObjectReader reader("query", query, kChannelQueryKeys);
    auto user_id = reader.String("user_id");
    ChannelQuery result;
    result.channel_id = reader.Uuid("contact_channel_id", false);
    reader.ThrowIfInvalid(context.request.method, context.requested_path);
    if (user_id) {
        result.user_id = ResolveUserIdParam(context, *user_id, "query.user_id");
    }
    return result;
}

http::Response List(const RouteContext& context, const domain::ContactChannels& channels) {
    const auto& auth = context.Auth();
    const auto query = ReadChannelQuery(context);
    RequireOwnUser(auth, query.user_id, "list");
    nlohmann::json items = nlohmann::json::array();
    for (const auto& channel : channels.List(auth.tenancy().id, query.user_id, query.channel_id)) {
        items.push_back(ChannelToJson(channel));
    }
    return http::Response::Json(200, {{"items", items}, {"is_paginated", false}});
}

http::Response Create(const RouteContext& context, const domain::ContactChannels& channels) {
    const auto& auth = context.Auth();
    ReadChannelQuery(context);
    const bool is_client = auth.type == AccessType::kClient;
    std::vector<std::string> keys = {"user_id", "value", "type", "used_for_auth", "is_primary"};
    if (!is_client) {
        keys.push_back("is_verified");
    }
    schema::ObjectReader body("body", context.body, keys);
    // Schema order (user_id, value, type, ...); the value is an email when the type says so.
    const bool email_type = context.body.is_object() && context.body.value("type", nlohmann::json()) == "email";
    auto user_id = body.String("user_id", {.required = true});
    auto value = email_type ? body.Email("value", true) : body.String("value", {.required = true});
    body.OneOf("type", {"email"}, true);
    auto used_for_auth = body.Bool("used_for_auth", true);
    domain::ContactChannelCreate input;
    input.is_primary = body.Bool("is_primary");
    if (!is_client) {
        input.is_verified = body.Bool("is_verified");
    }
    body.ThrowIfInvalid(context.request.method, context.requested_path);
    input.user_id = ResolveUserIdParam(context, *user_id, "body.user_id");
    input.value = *value;
    input.used_for_auth = *used_for_auth;
    if (is_client) {
        if (!auth.user) {
            throw KnownError(ErrorCode::kCannotGetOwnUserWithoutUser);
        }
        if (input.user_id != auth.user->id) {
            throw StatusError(403, "Client can only create contact channels for their own user.");
        }
    }
    return http::Response::Json(201, ChannelToJson(channels.Create(*auth.view, input)));
}

http::Response Update(const RouteContext& context, const domain::ContactChannels& channels) {
    const auto& auth = context.Auth();
    const auto params = ReadChannelParams(context);
    ReadChannelQuery(context);
    const bool is_client = auth.type == AccessType::kClient;
    std::vector<std::string> keys = {"value", "type", "used_for_auth", "is_primary"};
    if (!is_client) {
        keys.push_back("is_verified");
    }
    schema::ObjectReader body("body", context.body, keys);
    // The value is an email (and normalized) only when the type is sent with it, as upstream.
    const bool email_type = context.body.is_object() && context.body.value("type", nlohmann::json()) == "email";
    domain::ContactChannelUpdate input;
    input.value = email_type ? body.Email("value", false) : body.String("value");
    input.normalize_value = email_type;
    body.OneOf("type", {"email"});
    input.used_for_auth = body.Bool("used_for_auth");
    input.is_primary = body.Bool("is_primary");
    if (!is_client) {
        input.is_verified = body.Bool("is_verified");
    }
    body.ThrowIfInvalid(context.request.method, context.requested_path);
    RequireOwnUser(auth, params.user_id, "update");
    return http::Response::Json(200,
                                ChannelToJson(channels.Update(auth.tenancy().id, params.user_id, params.channel_id, input)));
}

}  // namespace

void RegisterContactChannels(Dispatcher& dispatcher, domain::EmailVerification& verification,
                             domain::ContactChannels& channels) {
    dispatcher.Add({
        .method = "GET",
        .path = "/api/v1/contact-channels",
        .access = kAnyAccess,
        .query_keys = kChannelQueryKeys,
        .handle = [&channels](const RouteContext& context) { return List(context, channels); },
    });
    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/contact-channels",
        .access = kAnyAccess,
        .query_keys = kChannelQueryKeys,
        .handle = [&channels](const RouteContext& context) { return Create(context, channels); },
    });
    dispatcher.Add({
        .method = "GET",
        .path = "/api/v1/contact-channels/{user_id}/{contact_channel_id}",
        .access = kAnyAccess,
        .query_keys = kChannelQueryKeys,
        .handle =
            [&channels](const RouteContext& context) {
                const auto& auth = context.Auth();
                const auto params = ReadChannelParams(context);
                ReadChannelQuery(context);
                RequireOwnUser(auth, params.user_id, "read");
                return http::Response::Json(
                    200, ChannelToJson(channels.Get(auth.tenancy().id, params.user_id, params.channel_id)));
            },
    });
    dispatcher.Add({
        .method = "PATCH",
        .path = "/api/v1/contact-channels/{user_id}/{contact_channel_id}",
        .access = kAnyAccess,
        .query_keys = kChannelQueryKeys,
        .handle = [&channels](const RouteContext& context) { return Update(context, channels); },
    });
    dispatcher.Add({
        .method = "DELETE",
        .path = "/api/v1/contact-channels/{user_id}/{contact_channel_id}",
        .access = kAnyAccess,
        .query_keys = kChannelQueryKeys,
        .handle =
            [&channels](const RouteContext& context) {
                const auto& auth = context.Auth();
                const auto params = ReadChannelParams(context);
                ReadChannelQuery(context);
                RequireOwnUser(auth, params.user_id, "delete");
                channels.Delete(auth.tenancy().id, params.user_id, params.channel_id);
                return http::Response::Json(200, {{"success", true}});
            },
    });

    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/contact-channels/{user_id}/{contact_channel_id}/send-verification-code",
        .access = kAnyAccess,
        .query_keys = std::nullopt,  // no query schema: not checked, as upstream
        .handle =
            [&channels](const RouteContext& context) {
                const auto& auth = context.Auth();
                const auto params = ReadChannelParams(context);
                schema::ObjectReader body("body", context.body, {"callback_url"});
                auto callback_url = body.Url("callback_url", true);
                body.ThrowIfInvalid(context.request.method, context.requested_path);
                std::optional<domain::User> user;
                if (auth.type == AccessType::kClient) {
                    if (!auth.user) {
                        throw KnownError(ErrorCode::kCannotGetOwnUserWithoutUser);
                    }
                    if (auth.user->id != params.user_id) {
                        throw StatusError(400, "Can only send verification code for your own user");
                    }
                    user = auth.user;
                }
                channels.SendVerificationCode(*auth.view, params.user_id, user, params.channel_id, *callback_url);
                return http::Response::Json(200, {{"success", true}});
            },
    });

    // Deprecated: the signed-in user's primary email.
    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/contact-channels/send-verification-code",
        .access = kAnyAccess,
        .query_keys = std::nullopt,  // no query schema: not checked, as upstream
        .handle =
            [&channels](const RouteContext& context) {
                const auto& auth = context.Auth();
                schema::ObjectReader body("body", context.body, {"email", "callback_url"});
                auto email = body.Email("email", true);
                auto callback_url = body.Url("callback_url", true);
                if (!auth.user) {
                    body.AddProblem("auth.user must be defined");
                }
                body.ThrowIfInvalid(context.request.method, context.requested_path);
                const auto& user = *auth.user;
                if (user.primary_email != *email) {
                    const nlohmann::json primary =
                        user.primary_email ? nlohmann::json(*user.primary_email) : nlohmann::json(nullptr);
                    throw KnownError::Formatted(ErrorCode::kEmailIsNotPrimaryEmail,
                                                {{"email", *email}, {"primary_email", primary}}, *email,
                                                user.primary_email.value_or("null"));
                }
                if (user.primary_email_verified) {
                    throw KnownError(ErrorCode::kEmailAlreadyVerified);
                }
                channels.SendVerificationCodeForEmail(*auth.view, user.id, user.display_name, *email, *callback_url);
                return http::Response::Json(200, {{"success", true}});
            },
    });

    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/contact-channels/verify",
        .access = kAnyAccess,
        .query_keys = std::nullopt,  // no query schema: not checked, as upstream
        .handle =
            [&verification](const RouteContext& context) {
                schema::ObjectReader body("body", context.body, {"code"});
                auto code = ReadVerificationCode(body);
                body.ThrowIfInvalid(context.request.method, context.requested_path);
                verification.Verify(*context.Auth().view, *code);
                return http::Response::Json(200, {{"success", true}});
            },
    });

    AddCheckCodeRoute(dispatcher, "/api/v1/contact-channels/verify/check-code",
                      [&verification](const RequestAuth& auth, const std::string& code) {
                          verification.CheckCode(*auth.view, code);
                      });
}

}  // namespace stackd::api::v1
