#include "api/v1/auth/cli.hpp"

#include "api/client_info.hpp"
#include "api/v1/schema/fields.hpp"

namespace stackd::api::v1::auth {
namespace {

using domain::CliAuthService;

void RequireBody(const RouteContext& context, schema::ObjectReader& body) {
    if (context.body.is_discarded()) {
        body.AddProblem("body must be defined");
    }
}

}  // namespace

void RegisterCli(Dispatcher& dispatcher, std::shared_ptr<domain::CliAuthService> cli_auth,
                 const std::string& trusted_proxy) {
    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/auth/cli",
        .access = kAnyAccess,
        .query_keys = std::nullopt,  // no query schema: not checked, as upstream
        .handle =
            [cli_auth](const RouteContext& context) {
                // The body is optional here (upstream defaults it to {}).
                schema::ObjectReader body("body", context.body, {"expires_in_millis", "anon_refresh_token"});
                const auto expires_in =
                    body.Integer("expires_in_millis", false, std::nullopt, CliAuthService::kMaxExpiresInMs);
                auto anon_refresh_token = body.String("anon_refresh_token");
                body.ThrowIfInvalid(context.request.method, context.requested_path);
                if (anon_refresh_token && anon_refresh_token->empty()) {
                    anon_refresh_token.reset();  // upstream tests truthiness: "" means none
                }
                const auto codes = cli_auth->Initiate(*context.Auth().view,
                                                      expires_in.value_or(CliAuthService::kDefaultExpiresInMs),
                                                      anon_refresh_token);
                return http::Response::Json(200, {{"polling_code", codes.polling_code},
                                                  {"login_code", codes.login_code},
                                                  {"expires_at", util::FormatIso8601(codes.expires_at_ms)}});
            },
    });

    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/auth/cli/poll",
        .access = kAnyAccess,
        .query_keys = std::nullopt,
        .handle =
            [cli_auth](const RouteContext& context) {
                schema::ObjectReader body("body", context.body, {"polling_code"});
                RequireBody(context, body);
                const auto polling_code = body.String("polling_code", {.required = true});
                body.ThrowIfInvalid(context.request.method, context.requested_path);
                const auto result = cli_auth->Poll(*context.Auth().view, *polling_code);
                nlohmann::json response = {{"status", result.status}};
                if (result.refresh_token) {
                    response["refresh_token"] = *result.refresh_token;
                }
                return http::Response::Json(result.status == "success" ? 201 : 200, response);
            },
    });

    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/auth/cli/complete",
        .access = kAnyAccess,
        .query_keys = std::nullopt,
        .handle =
            [cli_auth, trusted_proxy](const RouteContext& context) {
                schema::ObjectReader body("body", context.body, {"login_code", "mode", "refresh_token"});
                RequireBody(context, body);
                const auto login_code = body.String("login_code", {.required = true});
                const auto mode = body.OneOf("mode", {"check", "claim-anon-session", "complete"});
                auto refresh_token = body.String("refresh_token");
                body.ThrowIfInvalid(context.request.method, context.requested_path);
                const auto& view = *context.Auth().view;
                if (mode == "check") {
                    const bool anonymous = cli_auth->HasAnonymousSession(view, *login_code);
                    return http::Response::Json(200, {{"cli_session_state", anonymous ? "anonymous" : "none"}});
                }
                if (mode == "claim-anon-session") {
                    const auto claimed = cli_auth->ClaimAnonymousSession(
                        view, *login_code, ClientInfoOf(context.request, trusted_proxy));
                    return http::Response::Json(
                        200, {{"access_token", claimed.access_token}, {"refresh_token", claimed.refresh_token}});
                }
                if (refresh_token && refresh_token->empty()) {
                    refresh_token.reset();  // upstream tests truthiness: "" counts as missing
                }
                cli_auth->Complete(view, *login_code, refresh_token);
                return http::Response::Json(200, {{"success", true}});
            },
    });
}

}  // namespace stackd::api::v1::auth
