#include "errors/token_errors.hpp"

#include "util/clock.hpp"

namespace stackd::errors {
namespace {

nlohmann::json OrNull(const std::optional<std::string>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

constexpr const char* kDebugInfo =
    "\n\nDebug info: Most likely, you fetched the access token before it expired (for example, in a server "
    "component, pre-rendered page, or on page load), but then didn't refresh it before it expired. If this is the "
    "case, and you're using the SDK, make sure you call getAccessToken() every time you need to use the access "
    "token. If you're not using the SDK, make sure you refresh the access token with the refresh endpoint.";

}  // namespace

KnownError AccessTokenExpired(std::optional<int64_t> expired_at_ms, const std::optional<std::string>& project_id,
                              const std::optional<std::string>& user_id,
                              const std::optional<std::string>& refresh_token_id) {
    std::string message = "Access token has expired. Please refresh it and try again.";
    if (expired_at_ms) {
        message += " (The access token expired at " + util::FormatIso8601(*expired_at_ms) + ".)";
    }
    if (project_id && !project_id->empty()) {
        message += " Project ID: " + *project_id + ".";
    }
    if (user_id && !user_id->empty()) {
        message += " User ID: " + *user_id + ".";
    }
    if (refresh_token_id && !refresh_token_id->empty()) {
        message += " Refresh token ID: " + *refresh_token_id + ".";
    }
    message += kDebugInfo;
    return KnownError(ErrorCode::kAccessTokenExpired, message,
                      {{"expired_at_millis", expired_at_ms ? nlohmann::json(*expired_at_ms) : nlohmann::json(nullptr)},
                       {"project_id", OrNull(project_id)},
                       {"user_id", OrNull(user_id)},
                       {"refresh_token_id", OrNull(refresh_token_id)}});
}

KnownError AdminAccessTokenExpired(std::optional<int64_t> expired_at_ms) {
    if (!expired_at_ms) {
        return KnownError(ErrorCode::kAdminAccessTokenExpired,
                          "Admin access token has expired. Please refresh it and try again.",
                          {{"expired_at_millis", nullptr}});
    }
    return KnownError::Formatted(ErrorCode::kAdminAccessTokenExpired, {{"expired_at_millis", *expired_at_ms}},
                                 util::FormatIso8601(*expired_at_ms));
}

}  // namespace stackd::errors
