#include "api/v1/auth/oauth.hpp"

#include "api/client_info.hpp"
#include "api/v1/schema/fields.hpp"
#include "crypto/base64url.hpp"
#include "errors/known_error.hpp"

namespace stackd::api::v1::auth {
namespace {

using errors::ErrorCode;
using errors::KnownError;

// The OAuth library's own 4xx shape: {"error", "error_description"}.
http::Response OAuthError(const std::string& error, const std::string& description) {
    return http::Response::Json(400, {{"error", error}, {"error_description", description}});
}

std::optional<std::string> Field(const nlohmann::json& body, const char* key) {
    if (!body.is_object() || !body.contains(key) || !body[key].is_string() || body[key].get<std::string>().empty()) {
        return std::nullopt;
    }
    return body[key].get<std::string>();
}

// RFC 6749 client authentication through `Authorization: Basic base64(id:secret)`.
void ReadBasicAuth(const http::Request& request, std::optional<std::string>& client_id,
                   std::optional<std::string>& client_secret) {
    const auto header = request.Header("authorization");
    if (!header || header->rfind("Basic ", 0) != 0) {
        return;
    }
    std::string encoded = header->substr(6);
    for (auto& c : encoded) {
        c = c == '+' ? '-' : c == '/' ? '_' : c;
    }
    while (!encoded.empty() && encoded.back() == '=') {
        encoded.pop_back();
    }
    const auto decoded = crypto::Base64UrlDecode(encoded);
    if (!decoded) {
        return;
    }
    const auto colon = decoded->find(':');
    client_id = decoded->substr(0, colon);
    if (colon != std::string::npos) {
        client_secret = decoded->substr(colon + 1);
    }
}

}  // namespace

void RegisterOAuthToken(Dispatcher& dispatcher, domain::ProjectService& projects, domain::SessionService& sessions,
                        const std::string& trusted_proxy) {
    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/auth/oauth/token",
        .access = {},
        .query_keys = std::nullopt,
        .handle =
            [&projects, &sessions, trusted_proxy](const RouteContext& context) {
                const nlohmann::json& body = context.body;
                // Upstream's route schema runs first: grant_type is one of the two grants,
                // the client fields are strings, any other field is allowed.
                std::vector<std::string> keys;
                if (body.is_object()) {
                    for (const auto& [key, value] : body.items()) {
                        keys.push_back(key);
                    }
                }
                schema::ObjectReader reader("body", body, keys);
                if (body.is_discarded()) {
                    reader.AddProblem("body must be defined");
                } else {
                    reader.OneOf("grant_type", {"authorization_code", "refresh_token"}, true);
                    reader.String("client_id");
                    reader.String("client_secret");
                }
                reader.ThrowIfInvalid(context.request.method, context.requested_path);

                auto client_id = Field(body, "client_id");
                auto client_secret = Field(body, "client_secret");
                if (!client_id) {
                    ReadBasicAuth(context.request, client_id, client_secret);
                }
                // The client id is the project id, optionally followed by "#<branch>".
                std::string project_id = client_id.value_or("");
                std::string branch_id = domain::kDefaultBranchId;
                if (const auto hash = project_id.find('#'); hash != std::string::npos) {
                    branch_id = project_id.substr(hash + 1);
                    project_id = project_id.substr(0, hash);
                }
                auto view = client_id ? projects.Find(project_id, branch_id) : std::nullopt;
                if (view && (*view)->tenancy) {
                    const bool key_required =
                        (*view)->config["project"]["requirePublishableClientKey"].get<bool>();
                    if (!client_secret || *client_secret == "__stack_public_client__") {
                        if (key_required) {
                            throw KnownError(ErrorCode::kPublishableClientKeyRequiredForProject,
                                             {{"project_id", project_id}});
                        }
                    } else if (!projects.IsValidKey(project_id, domain::KeyKind::kPublishableClient, *client_secret)) {
                        throw KnownError(ErrorCode::kInvalidOauthClientIdOrSecret, {{"client_id", nullptr}});
                    }
                }

                const auto grant_type = Field(body, "grant_type");  // validated above
                if (!view || !(*view)->tenancy || (*grant_type == "refresh_token" && !client_secret)) {
                    throw KnownError(ErrorCode::kInvalidOauthClientIdOrSecret, {{"client_id", nullptr}});
                }
                if (*grant_type == "authorization_code") {
                    if (!Field(body, "code")) {
                        return OAuthError("invalid_request", "Missing parameter: `code`");
                    }
                    throw KnownError(ErrorCode::kInvalidAuthorizationCode);
                }
                const auto refresh_token = Field(body, "refresh_token");
                if (!refresh_token) {
                    return OAuthError("invalid_request", "Missing parameter: `refresh_token`");
                }
                auto access_token = sessions.Refresh(*refresh_token, project_id, **view,
                                                     ClientInfoOf(context.request, trusted_proxy));
                if (!access_token) {
                    throw KnownError(ErrorCode::kRefreshTokenNotFoundOrExpired);
                }
                http::Response response = http::Response::Json(200, {{"access_token", *access_token},
                                                                     {"token_type", "Bearer"},
                                                                     // the OAuth library's 1-hour default
                                                                     {"expires_in", 3599},
                                                                     {"scope", "legacy"},
                                                                     {"afterCallbackRedirectUrl", nullptr},
                                                                     {"after_callback_redirect_url", nullptr}});
                response.SetHeader("cache-control", "no-store");
                response.SetHeader("pragma", "no-cache");
                return response;
            },
    });
}

}  // namespace stackd::api::v1::auth
