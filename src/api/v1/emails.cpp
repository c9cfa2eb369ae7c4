#include "api/v1/emails.hpp"

#include "api/v1/schema/email_outbox_json.hpp"
#include "api/v1/schema/fields.hpp"
#include "api/v1/user_id_param.hpp"
#include "crypto/random.hpp"
#include "errors/known_error.hpp"
#include "util/clock.hpp"

namespace stackd::api::v1 {
namespace {

using domain::AccessType;
using errors::ErrorCode;
using errors::KnownError;
using errors::StatusError;
using nlohmann::json;

std::string TypeProblem(const std::string& path, const std::string& type, const json& value) {
    return path + " must be a `" + type + "` type, but the final value was: `" + value.dump() + "`.";
}

domain::SendEmailInput ReadSendEmail(const RouteContext& context) {
    schema::ObjectReader body("body", context.body,
                              {"user_ids", "all_users", "subject", "notification_category_name", "theme_id",
                               "is_high_priority", "scheduled_at_millis", "html", "template_id", "variables",
                               "draft_id"});
    domain::SendEmailInput input;
    if (const auto user_ids = body.Json("user_ids")) {
        if (user_ids->is_array()) {
            input.user_ids.emplace();
            for (size_t i = 0; i < user_ids->size(); ++i) {
                const json& id = (*user_ids)[i];
                if (id.is_string()) {
                    input.user_ids->push_back(id.get<std::string>());
                } else if (id.is_number() || id.is_boolean()) {
                    input.user_ids->push_back(id.dump());  // yup casts scalars to strings
                } else {
                    body.AddProblem(TypeProblem("body.user_ids[" + std::to_string(i) + "]", "string", id));
                }
            }
        } else {
            body.AddProblem(TypeProblem("body.user_ids", "array", *user_ids));
        }
    }
    if (const auto all_users = body.Bool("all_users")) {
        if (!*all_users) {
            body.AddProblem("body.all_users must be one of the following values: true");
        }
        input.all_users = *all_users;
    }
    input.subject = body.String("subject");
    input.notification_category_name = body.String("notification_category_name");
    if (body.Has("theme_id")) {
        const auto theme = *body.Json("theme_id");
        if (theme == false) {
            input.theme_is_false = true;
        } else if (theme.is_string()) {
            input.theme_id = body.Uuid("theme_id", false);
        } else if (!theme.is_null()) {
            body.AddProblem("body.theme_id must be a valid UUID or false");
        }
    }
    input.is_high_priority = body.Bool("is_high_priority").value_or(false);
    if (const auto scheduled = body.Json("scheduled_at_millis")) {
        input.scheduled_at_ms = schema::TimestampMillis(*scheduled);
        if (!input.scheduled_at_ms) {
            body.AddProblem(TypeProblem("body.scheduled_at_millis", "number", *scheduled));
        }
    }
    input.html = body.String("html");
    input.template_id = body.Uuid("template_id", false);
    if (const auto variables = body.Json("variables")) {
        if (variables->is_object()) {
            input.variables = *variables;
        } else {
            body.AddProblem(TypeProblem("body.variables", "object", *variables));
        }
    }
    input.draft_id = body.String("draft_id");
    const int variants = (body.Has("html") ? 1 : 0) + (body.Has("template_id") ? 1 : 0) + (body.Has("draft_id") ? 1 : 0);
    if (context.body.is_object() && variants == 0) {
        body.AddProblem("body must contain exactly one of html, template_id or draft_id");
    }
    if (variants > 1) {
        body.AddProblem("body must contain exactly one of html, template_id or draft_id");
    }
    if (body.Has("variables") && !body.Has("template_id")) {
        body.AddProblem("body.variables is only allowed with template_id");
    }
    body.ThrowIfInvalid(context.request.method, context.requested_path);
    return input;
}

json PreferenceToJson(const domain::NotificationPreference& preference) {
    return {{"notification_category_id", preference.category.id},
            {"notification_category_name", preference.category.name},
            {"enabled", preference.enabled},
            {"can_disable", preference.category.can_disable}};
}

json WindowToJson(const domain::EmailWindowStats& stats) {
    return {{"sent", stats.sent}, {"bounced", stats.bounced}, {"marked_as_spam", stats.marked_as_spam}};
}

// A client acts on its own user only.
void RequireOwnUser(const RequestAuth& auth, const std::string& user_id, const std::string& text) {
    if (auth.type != AccessType::kClient) {
        return;
    }
    if (!auth.user) {
        throw KnownError(ErrorCode::kCannotGetOwnUserWithoutUser);
    }
    if (user_id != auth.user->id) {
        throw StatusError(403, text);
    }
}

http::Response Html(const std::string& body) {
    http::Response response = http::Response::Text(200, body);
    response.SetHeader("content-type", "text/html");
    return response;
}

}  // namespace

void RegisterEmails(Dispatcher& dispatcher, const domain::SendEmailService& send_email,
                    const domain::EmailDeliveryInfoService& delivery_info,
                    const domain::NotificationPreferenceService& preferences) {
    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/emails/send-email",
        .access = kServerOrAdmin,
        .query_keys = std::nullopt,
        .handle =
            [&send_email](const RouteContext& context) {
                const auto input = ReadSendEmail(context);
                json results = json::array();
                for (const auto& user_id : send_email.Send(*context.Auth().view, input)) {
                    results.push_back({{"user_id", user_id}});
                }
                return http::Response::Json(200, {{"results", results}});
            },
    });
    dispatcher.Add({
        .method = "GET",
        .path = "/api/v1/emails/delivery-info",
        .access = kServerOrAdmin,
        .query_keys = std::nullopt,
        .handle =
            [&delivery_info](const RouteContext& context) {
                const auto info = delivery_info.Get(context.Auth().tenancy().id);
                return http::Response::Json(
                    200, {{"stats",
                           {{"hour", WindowToJson(info.hour)},
                            {"day", WindowToJson(info.day)},
                            {"week", WindowToJson(info.week)},
                            {"month", WindowToJson(info.month)}}},
                          {"capacity",
                           {{"rate_per_second", info.rate_per_second},
                            {"boost_multiplier", info.boost_multiplier},
                            {"penalty_factor", info.penalty_factor},
                            {"is_boost_active", info.is_boost_active},
                            {"boost_expires_at", info.boost_expires_at_ms
                                                     ? json(util::FormatIso8601(*info.boost_expires_at_ms))
                                                     : json(nullptr)}}}});
            },
    });
    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/emails/capacity-boost",
        .access = kServerOrAdmin,
        .query_keys = std::nullopt,
        .handle =
            [&delivery_info](const RouteContext& context) {
                const int64_t expires_at = delivery_info.ActivateBoost(context.Auth().tenancy().id);
                return http::Response::Json(200, {{"expires_at", util::FormatIso8601(expires_at)}});
            },
    });
    dispatcher.Add({
        .method = "GET",
        .path = "/api/v1/emails/notification-preference/{user_id}",
        .access = kAnyAccess,
        .query_keys = std::nullopt,
        .handle =
            [&preferences](const RouteContext& context) {
                const auto& auth = context.Auth();
                const std::string user_id = ResolveUserIdParam(context, context.params.at("user_id"), "params.user_id");
                RequireOwnUser(auth, user_id, "You can only view your own notification preferences");
                json items = json::array();
                for (const auto& preference : preferences.List(auth.tenancy().id, user_id)) {
                    items.push_back(PreferenceToJson(preference));
                }
                return http::Response::Json(200, {{"items", items}, {"is_paginated", false}});
            },
    });
    dispatcher.Add({
        .method = "PATCH",
        .path = "/api/v1/emails/notification-preference/{user_id}/{notification_category_id}",
        .access = kAnyAccess,
        .query_keys = std::nullopt,
        .handle =
            [&preferences](const RouteContext& context) {
                const auto& auth = context.Auth();
                const std::string user_id = ResolveUserIdParam(context, context.params.at("user_id"), "params.user_id");
                const std::string& category_id = context.params.at("notification_category_id");
                if (!crypto::IsUuid(category_id)) {
                    throw errors::SchemaError(context.request.method, context.requested_path,
                                              {"params.notification_category_id must be a valid UUID"});
                }
                schema::ObjectReader body("body", context.body, {"enabled"});
                const auto enabled = body.Bool("enabled", true);
                body.ThrowIfInvalid(context.request.method, context.requested_path);
                const auto category = domain::FindNotificationCategoryById(category_id);
                if (!category) {
                    throw StatusError(404, "Notification category not found");
                }
                RequireOwnUser(auth, user_id, "You can only manage your own notification preferences");
                return http::Response::Json(
                    200, PreferenceToJson(preferences.Set(auth.tenancy().id, user_id, *category, *enabled)));
            },
    });
    dispatcher.Add({
        .method = "GET",
        .path = "/api/v1/emails/unsubscribe-link",
        .access = {},
        .query_keys = std::nullopt,
        .handle =
            [&preferences](const RouteContext& context) {
                const auto code = context.request.query.find("code");
                if (code == context.request.query.end() || code->second.size() != 45) {
                    throw StatusError(400, "Invalid code");
                }
                if (preferences.Unsubscribe(code->second) == domain::UnsubscribeOutcome::kAlreadyUnsubscribed) {
                    return Html("<p>You have already unsubscribed from this notification group</p>");
                }
                return Html("<p>Successfully unsubscribed from notification group</p>");
            },
    });
}

}  // namespace stackd::api::v1
