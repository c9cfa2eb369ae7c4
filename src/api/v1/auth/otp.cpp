#include "api/v1/auth/otp.hpp"

#include "api/client_info.hpp"
#include "api/v1/schema/fields.hpp"
#include "api/v1/verification_code_fields.hpp"

namespace stackd::api::v1::auth {

void RegisterOtp(Dispatcher& dispatcher, domain::OtpAuth& otp_auth, const std::string& trusted_proxy) {
    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/auth/otp/send-sign-in-code",
        .access = kAnyAccess,
        .query_keys = std::nullopt,  // no query schema: not checked, as upstream
        .handle =
            [&otp_auth, trusted_proxy](const RouteContext& context) {
                schema::ObjectReader body("body", context.body,
                                          {"email", "callback_url", "bot_challenge_token", "bot_challenge_phase",
                                           "bot_challenge_unavailable"});
                auto email = body.StrictEmail("email");
                auto callback_url = body.Url("callback_url", true);
                body.String("bot_challenge_token");
                body.OneOf("bot_challenge_phase", {"invisible", "visible"});
                body.OneOf("bot_challenge_unavailable", {"true"});
                body.ThrowIfInvalid(context.request.method, context.requested_path);
                const std::string nonce = otp_auth.SendSignInCode(*context.Auth().view, *email, *callback_url,
                                                                  ClientInfoOf(context.request, trusted_proxy));
                return http::Response::Json(200, {{"nonce", nonce}});
            },
    });

    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/auth/otp/sign-in",
        .access = kAnyAccess,
        .query_keys = std::nullopt,  // no query schema: not checked, as upstream
        .handle =
            [&otp_auth, trusted_proxy](const RouteContext& context) {
                schema::ObjectReader body("body", context.body, {"code"});
                auto code = ReadVerificationCode(body);
                body.ThrowIfInvalid(context.request.method, context.requested_path);
                const auto& auth = context.Auth();
                const auto result =
                    otp_auth.SignIn(*auth.view, *code, auth.user_id, ClientInfoOf(context.request, trusted_proxy));
                return http::Response::Json(200, {{"refresh_token", result.sign_in.tokens.refresh_token},
                                                  {"access_token", result.sign_in.tokens.access_token},
                                                  {"is_new_user", result.is_new_user},
                                                  {"user_id", result.sign_in.user_id}});
            },
    });

    AddCheckCodeRoute(dispatcher, "/api/v1/auth/otp/sign-in/check-code",
                      [&otp_auth](const RequestAuth& auth, const std::string& code) {
                          otp_auth.CheckCode(*auth.view, code);
                      });
}

}  // namespace stackd::api::v1::auth
