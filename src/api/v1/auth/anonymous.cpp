#include "api/v1/auth/anonymous.hpp"

#include "api/client_info.hpp"

namespace stackd::api::v1::auth {

void RegisterAnonymous(Dispatcher& dispatcher, storage::Store& store, domain::UserService& users,
                       domain::SessionService& sessions, const std::string& trusted_proxy) {
    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/auth/anonymous/sign-up",
        .access = kAnyAccess,
        .query_keys = std::nullopt,  // no query schema: not checked, as upstream
        .handle =
            [&store, &users, &sessions, trusted_proxy](const RouteContext& context) {
                const auto& auth = context.Auth();
                // Not gated by auth.allowSignUp: anonymous accounts are always allowed upstream.
                domain::UserInput input;
                input.is_anonymous = true;
                const auto client = ClientInfoOf(context.request, trusted_proxy);
                const auto result = store.WriteValue([&](storage::Connection& db) {
                    const auto user = users.CreateIn(db, *auth.view, input, std::nullopt);
                    return std::make_pair(user.id, sessions.CreateIn(db, *auth.view, user, std::nullopt, false, client));
                });
                return http::Response::Json(200, {{"access_token", result.second.access_token},
                                                  {"refresh_token", result.second.refresh_token},
                                                  {"user_id", result.first}});
            },
    });
}

}  // namespace stackd::api::v1::auth
