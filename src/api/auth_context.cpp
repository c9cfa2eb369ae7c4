#include "api/auth_context.hpp"

#include "errors/known_error.hpp"
#include "errors/token_errors.hpp"

namespace stackd::api {
namespace {

using domain::AccessType;
using domain::KeyKind;
using errors::ErrorCode;
using errors::KnownError;
using errors::StatusError;

std::string QuotedJson(const std::string& text) { return nlohmann::json(text).dump(); }

}  // namespace

std::optional<RequestAuth> AuthContext::Authenticate(const http::Request& request) const {
    // Empty values count as absent (auth.md §1.4), except the branch id below.
    const auto header = [&request](const std::string& name) {
        auto value = request.Header(name);
        return value && value->empty() ? std::nullopt : value;
    };
    const auto access_type_header = header("x-stack-access-type");
    const auto project_id = header("x-stack-project-id");
    const auto publishable_key = header("x-stack-publishable-client-key");
    const auto server_key = header("x-stack-secret-server-key");
    const auto admin_key = header("x-stack-super-secret-admin-key");
    const auto admin_access_token = header("x-stack-admin-access-token");
    const auto access_token = header("x-stack-access-token");
    const auto dev_override_key = header("x-stack-development-override-key");

    if (!access_type_header) {
        if (publishable_key || server_key || admin_key || admin_access_token) {
            throw KnownError(ErrorCode::kProjectKeyWithoutAccessType);
        }
        return std::nullopt;
    }
    const auto access_type = domain::ParseAccessType(*access_type_header);
    if (!access_type) {
        throw KnownError::Formatted(ErrorCode::kInvalidAccessType, nullptr, *access_type_header);
    }
    if (!project_id) {
        throw KnownError::Formatted(ErrorCode::kAccessTypeWithoutProjectId,
                                    {{"request_type", *access_type_header}}, *access_type_header);
    }
    // The access token is checked before the project is looked up, as upstream does.
    std::optional<crypto::AccessTokenInfo> token;
    if (access_token) {
        token = DecodeUserToken(request, *access_token, *project_id);
    }

    // Branch: only a missing header defaults to main; an empty value is the branch "".
    const auto branch_header = request.headers.find("x-stack-branch-id");
    const std::string branch_id = branch_header == request.headers.end() || branch_header->second.empty()
                                      ? domain::kDefaultBranchId
                                      : branch_header->second.front();

    auto view = projects_.Find(*project_id, branch_id);
    if (!view) {
        throw KnownError::Formatted(ErrorCode::kCurrentProjectNotFound, {{"project_id", *project_id}}, *project_id);
    }
    const auto& tenancy_view = **view;

    if (dev_override_key) {
        if (!config_.development_environment && !config_.allow_dev_key_override_in_production) {
            throw StatusError(401, "Development key override is only allowed in development or test environments");
        }
        if (!projects_.IsValidKey(domain::kInternalProjectId, KeyKind::kSuperSecretAdmin, *dev_override_key)) {
            throw StatusError(401, "Invalid development key override");
        }
    } else if (admin_access_token) {
        CheckAdminAccessToken(*admin_access_token, tenancy_view.project);
    } else {
        switch (*access_type) {
            case AccessType::kClient: {
                // A missing tenancy is treated as requiring a key, as upstream does.
                const bool key_required =
                    !tenancy_view.tenancy ||
                    tenancy_view.config["project"]["requirePublishableClientKey"].get<bool>();
                if (!publishable_key) {
                    if (key_required) {
                        throw KnownError(ErrorCode::kPublishableClientKeyRequiredForProject,
                                         {{"project_id", *project_id}});
                    }
                } else if (*publishable_key == "__stack_public_client__") {
                    if (key_required) {
                        throw KnownError(ErrorCode::kPublishableClientKeyRequiredForProject,
                                         {{"project_id", *project_id}});
                    }
                } else if (!projects_.IsValidKey(*project_id, KeyKind::kPublishableClient, *publishable_key)) {
                    throw KnownError::Formatted(ErrorCode::kInvalidPublishableClientKey, {{"project_id", *project_id}},
                                                QuotedJson(*project_id));
                }
                break;
            }
            case AccessType::kServer:
                if (!server_key) {
                    throw KnownError(ErrorCode::kServerAuthenticationRequired);
                }
                if (!projects_.IsValidKey(*project_id, KeyKind::kSecretServer, *server_key)) {
                    throw KnownError::Formatted(ErrorCode::kInvalidSecretServerKey, {{"project_id", *project_id}},
                                                QuotedJson(*project_id));
                }
                break;
            case AccessType::kAdmin:
                if (!admin_key) {
                    throw KnownError(ErrorCode::kAdminAuthenticationRequired);
                }
                if (!projects_.IsValidKey(*project_id, KeyKind::kSuperSecretAdmin, *admin_key)) {
                    throw KnownError::Formatted(ErrorCode::kInvalidSuperSecretAdminKey,
                                                {{"project_id", *project_id}}, QuotedJson(*project_id));
                }
                break;
        }
    }

    if (!tenancy_view.tenancy) {
        throw KnownError::Formatted(ErrorCode::kBranchDoesNotExist, {{"branch_id", branch_id}}, branch_id);
    }
    RequestAuth auth;
    auth.view = *view;
    auth.type = *access_type;
    if (token) {
        auth.refresh_token_id = token->refresh_token_id;
        auth.user = users_.Find(tenancy_view.tenancy->id, token->user_id);
        if (auth.user) {
            auth.user_id = auth.user->id;
        }
    }
    return auth;
}

crypto::AccessTokenInfo AuthContext::VerifyUserToken(const std::string& token, int64_t now_ms) const {
    const auto decoded = crypto::DecodeAccessToken(keys_, config_.public_api_url, token, true, true, now_ms);
    switch (decoded.status) {
        case crypto::AccessTokenStatus::kOk:
            break;
        case crypto::AccessTokenStatus::kExpired:
            throw errors::AccessTokenExpired(decoded.expired_at_millis, decoded.expired_project_id,
                                             decoded.expired_user_id, decoded.expired_refresh_token_id);
        case crypto::AccessTokenStatus::kInconsistent:
            throw std::runtime_error("access token claims are inconsistent: " + decoded.inconsistency);
        case crypto::AccessTokenStatus::kUnparsable:
            throw KnownError(ErrorCode::kUnparsableAccessToken);
    }
    return *decoded.info;
}

crypto::AccessTokenInfo AuthContext::DecodeUserToken(const http::Request& request, const std::string& token,
                                                      const std::string& project_id) const {
    const int64_t now = clock_.NowMillis();
    auto cached = token_cache_.Find(token, now);
    if (!cached) {
        cached = VerifyUserToken(token, now);
        token_cache_.Insert(token, *cached);
    }
    const auto& info = *cached;
    if (info.project_id != project_id) {
        throw KnownError::Formatted(ErrorCode::kInvalidProjectForAccessToken,
                                    {{"expected_project_id", project_id}, {"actual_project_id", info.project_id}},
                                    QuotedJson(project_id), QuotedJson(info.project_id));
    }
    // "Allow anonymous" implies "allow restricted".
    const bool allow_anonymous = request.Header("x-stack-allow-anonymous-user") == "true";
    const bool allow_restricted = allow_anonymous || request.Header("x-stack-allow-restricted-user") == "true";
    if (info.is_anonymous && !allow_anonymous) {
        throw KnownError(ErrorCode::kAnonymousAuthenticationNotAllowed);
    }
    if (info.is_restricted && !allow_restricted) {
        const std::string reason = info.restricted_reason.value_or("anonymous");
        throw KnownError::Formatted(ErrorCode::kRestrictedUserNotAllowed, {{"restricted_reason", {{"type", reason}}}},
                                    reason);
    }
    return info;
}

void AuthContext::CheckAdminAccessToken(const std::string& token, const domain::Project& project) const {
    const auto decoded = crypto::DecodeAccessToken(keys_, config_.public_api_url, token, false, false,
                                                   clock_.NowMillis());
    if (decoded.status == crypto::AccessTokenStatus::kExpired) {
        throw errors::AdminAccessTokenExpired(decoded.expired_at_millis);
    }
    if (decoded.status != crypto::AccessTokenStatus::kOk) {
        throw KnownError(ErrorCode::kUnparsableAdminAccessToken);
    }
    if (decoded.info->project_id != domain::kInternalProjectId) {
        throw KnownError(ErrorCode::kAdminAccessTokenIsNotAdmin);
    }
    auto internal = projects_.Find(domain::kInternalProjectId, domain::kDefaultBranchId);
    if (!internal || !(*internal)->tenancy || !users_.Find((*internal)->tenancy->id, decoded.info->user_id)) {
        throw StatusError(401,
                          "The user associated with the admin access token is no longer valid. Please refresh the "
                          "admin access token and try again.");
    }
    // A dashboard user manages the projects owned by the internal teams they belong to.
    if (!project.owner_team_id ||
        !teams_.IsMember((*internal)->tenancy->id, *project.owner_team_id, decoded.info->user_id)) {
        throw KnownError(ErrorCode::kAdminAccessTokenIsNotAdmin);
    }
}

}  // namespace stackd::api
