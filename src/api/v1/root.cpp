#include "api/v1/root.hpp"

namespace stackd::api::v1 {

void RegisterRoot(Dispatcher& dispatcher) {
    dispatcher.Add({
        .method = "GET",
        .path = "/api/v1",
        .access = {},
        .query_keys = std::vector<std::string>{},
        .handle =
            [](const RouteContext& context) {
                std::string text =
                    "Welcome to the Stack API endpoint! Please refer to the documentation at "
                    "https://docs.stack-auth.com.\n\nAuthentication: ";
                if (!context.auth) {
                    text += "None";
                } else {
                    std::string type = domain::AccessTypeName(context.auth->type);
                    type[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(type[0])));
                    const auto& user = context.auth->user;
                    text += type + "\n  Project: " + context.auth->project().id + "\n  User: " +
                            (user ? user->primary_email.value_or(user->id) : "None");
                }
                return http::Response::Text(200, text);
            },
    });
}

}  // namespace stackd::api::v1
