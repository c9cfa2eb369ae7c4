#include "api/v1/auth/password.hpp"

#include "api/client_info.hpp"
#include "api/v1/schema/fields.hpp"
#include "errors/known_error.hpp"

namespace stackd::api::v1::auth {
namespace {

nlohmann::json TokensJson(const domain::SignInResult& result) {
    return {{"access_token", result.tokens.access_token},
            {"refresh_token", result.tokens.refresh_token},
            {"user_id", result.user_id}};
}

// Routes that act for the signed-in user fail validation without one, as upstream's
// `auth.user must be defined`.
const std::string& RequireUser(const RouteContext& context, schema::ObjectReader& reader) {
    if (!context.Auth().user_id) {
        reader.AddProblem("auth.user must be defined");
    }
    reader.ThrowIfInvalid(context.request.method, context.requested_path);
    return *context.Auth().user_id;
}

}  // namespace

void RegisterPassword(Dispatcher& dispatcher, domain::PasswordAuth& password_auth, const std::string& trusted_proxy) {
    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/auth/password/sign-up",
        .access = kAnyAccess,
        .query_keys = std::nullopt,  // no query schema: not checked, as upstream
        .handle =
            [&password_auth, trusted_proxy](const RouteContext& context) {
                schema::ObjectReader body("body", context.body,
                                          {"email", "password", "verification_callback_url", "bot_challenge_token",
                                           "bot_challenge_phase", "bot_challenge_unavailable"});
                auto email = body.StrictEmail("email");
                auto password = body.String("password", {.required = true, .max_length = 70});
                auto callback = body.Url("verification_callback_url", false);
                body.String("bot_challenge_token");
                body.OneOf("bot_challenge_phase", {"invisible", "visible"});
                body.OneOf("bot_challenge_unavailable", {"true"});
                body.ThrowIfInvalid(context.request.method, context.requested_path);
                const auto& auth = context.Auth();
                const auto result = password_auth.SignUp(*auth.view, *email, *password, callback, auth.user_id,
                                                         ClientInfoOf(context.request, trusted_proxy));
                return http::Response::Json(200, TokensJson(result));
            },
    });

    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/auth/password/sign-in",
        .access = kAnyAccess,
        .query_keys = std::nullopt,  // no query schema: not checked, as upstream
        .handle =
            [&password_auth, trusted_proxy](const RouteContext& context) {
                schema::ObjectReader body("body", context.body, {"email", "password"});
                auto email = body.Email("email", true);
                if (email && email->empty()) {
                    body.AddProblem("body.email must not be empty");
                }
                auto password = body.String("password", {.required = true, .max_length = 70});
                body.ThrowIfInvalid(context.request.method, context.requested_path);
                const auto result = password_auth.SignIn(*context.Auth().view, *email, *password,
                                                         ClientInfoOf(context.request, trusted_proxy));
                return http::Response::Json(200, TokensJson(result));
            },
    });

    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/auth/password/update",
        .access = kAnyAccess,
        .query_keys = std::nullopt,  // no query schema: not checked, as upstream
        .handle =
            [&password_auth](const RouteContext& context) {
                schema::ObjectReader body("body", context.body, {"old_password", "new_password"});
                auto old_password = body.String("old_password", {.required = true, .max_length = 70});
                auto new_password = body.String("new_password", {.required = true, .max_length = 70});
                const std::string& user_id = RequireUser(context, body);
                password_auth.Update(*context.Auth().view, user_id, *old_password, *new_password,
                                     context.request.Header("x-stack-refresh-token"));
                return http::Response::Json(200, {{"success", true}});
            },
    });

    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/auth/password/set",
        .access = kAnyAccess,
        .query_keys = std::nullopt,  // no query schema: not checked, as upstream
        .handle =
            [&password_auth](const RouteContext& context) {
                schema::ObjectReader body("body", context.body, {"password"});
                auto password = body.String("password", {.required = true, .max_length = 70});
                const std::string& user_id = RequireUser(context, body);
                password_auth.Set(*context.Auth().view, user_id, *password);
                return http::Response::Json(200, {{"success", true}});
            },
    });
}

}  // namespace stackd::api::v1::auth
