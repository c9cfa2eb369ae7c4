#include "api/v1/auth/password_reset.hpp"

#include "api/v1/schema/fields.hpp"
#include "api/v1/verification_code_fields.hpp"

namespace stackd::api::v1::auth {

void RegisterPasswordReset(Dispatcher& dispatcher, domain::PasswordReset& password_reset) {
    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/auth/password/send-reset-code",
        .access = kAnyAccess,
        .query_keys = std::nullopt,  // no query schema: not checked, as upstream
        .handle =
            [&password_reset](const RouteContext& context) {
                schema::ObjectReader body("body", context.body, {"email", "callback_url"});
                auto email = body.Email("email", true);
                auto callback_url = body.Url("callback_url", true);
                body.ThrowIfInvalid(context.request.method, context.requested_path);
                password_reset.SendResetCode(*context.Auth().view, *email, *callback_url);
                // The same answer whether or not the email has an account.
                return http::Response::Json(200, {{"success", "maybe, only if user with e-mail exists"}});
            },
    });

    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/auth/password/reset",
        .access = kAnyAccess,
        .query_keys = std::nullopt,  // no query schema: not checked, as upstream
        .handle =
            [&password_reset](const RouteContext& context) {
                schema::ObjectReader body("body", context.body, {"code", "password"});
                auto code = ReadVerificationCode(body);
                auto password = body.String("password", {.required = true, .max_length = 70});
                body.ThrowIfInvalid(context.request.method, context.requested_path);
                password_reset.Reset(*context.Auth().view, *code, *password);
                return http::Response::Json(200, {{"success", true}});
            },
    });

    AddCheckCodeRoute(dispatcher, "/api/v1/auth/password/reset/check-code",
                      [&password_reset](const RequestAuth& auth, const std::string& code) {
                          password_reset.CheckCode(*auth.view, code);
                      });
}

}  // namespace stackd::api::v1::auth
