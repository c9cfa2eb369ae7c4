#include "api/v1/auth/mfa.hpp"

#include "api/client_info.hpp"
#include "api/v1/schema/fields.hpp"
#include "api/v1/verification_code_fields.hpp"

namespace stackd::api::v1::auth {

void RegisterMfa(Dispatcher& dispatcher, const domain::MfaAuth& mfa_auth, const std::string& trusted_proxy) {
    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/auth/mfa/sign-in",
        .access = kAnyAccess,
        .query_keys = std::nullopt,  // no query schema: not checked, as upstream
        .handle =
            [&mfa_auth, trusted_proxy](const RouteContext& context) {
                // The verification-code body (code) plus the flow's own fields, in upstream's order.
                schema::ObjectReader body("body", context.body, {"code", "type", "totp"});
                auto code = ReadVerificationCode(body);
                body.OneOf("type", {"totp"}, true);
                auto totp = body.String("totp", {.required = true});
                body.ThrowIfInvalid(context.request.method, context.requested_path);
                const auto result =
                    mfa_auth.SignIn(*context.Auth().view, *code, *totp, ClientInfoOf(context.request, trusted_proxy));
                return http::Response::Json(200, {{"refresh_token", result.sign_in.tokens.refresh_token},
                                                  {"access_token", result.sign_in.tokens.access_token},
                                                  {"is_new_user", result.is_new_user},
                                                  {"user_id", result.sign_in.user_id}});
            },
    });
}

}  // namespace stackd::api::v1::auth
