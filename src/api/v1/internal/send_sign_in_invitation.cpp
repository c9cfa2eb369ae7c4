#include "api/v1/internal/send_sign_in_invitation.hpp"

#include "api/v1/schema/fields.hpp"

namespace stackd::api::v1::internal {

void RegisterSendSignInInvitation(Dispatcher& dispatcher, const domain::SignInInvitations& invitations) {
    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/internal/send-sign-in-invitation",
        .access = kServerOrAdmin,
        .query_keys = std::nullopt,
        .handle =
            [&invitations](const RouteContext& context) {
                schema::ObjectReader body("body", context.body, {"email", "callback_url"});
                const auto email = body.Email("email", true);
                const auto callback_url = body.Url("callback_url", true);
                body.ThrowIfInvalid(context.request.method, context.requested_path);
                invitations.Send(*context.Auth().view, *email, *callback_url);
                return http::Response::Json(200, {{"success", true}});
            },
    });
}

}  // namespace stackd::api::v1::internal
