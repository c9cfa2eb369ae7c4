#include "api/v1/contact_channels.hpp"

#include "api/v1/schema/fields.hpp"
#include "api/v1/verification_code_fields.hpp"

namespace stackd::api::v1 {

void RegisterContactChannels(Dispatcher& dispatcher, domain::EmailVerification& verification) {
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
