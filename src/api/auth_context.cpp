#include "api/auth_context.hpp"

#include "errors/known_error.hpp"

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
    const auto access_type_header = request.Header("x-stack-access-type");
    const auto project_id = request.Header("x-stack-project-id");
    const auto publishable_key = request.Header("x-stack-publishable-client-key");
    const auto server_key = request.Header("x-stack-secret-server-key");
    const auto admin_key = request.Header("x-stack-super-secret-admin-key");
    const auto admin_access_token = request.Header("x-stack-admin-access-token");
    const auto access_token = request.Header("x-stack-access-token");
    const auto dev_override_key = request.Header("x-stack-development-override-key");

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
    if (access_token) {
        // Access tokens are minted by the sessions issue; until signing keys exist no
        // token can carry a valid signature, so every one is unparsable here.
        throw KnownError(ErrorCode::kUnparsableAccessToken);
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
        // Admin access tokens are internal-project access tokens: unparsable until the
        // sessions issue brings signing keys (see above).
        throw KnownError(ErrorCode::kUnparsableAdminAccessToken);
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
    return auth;
}

}  // namespace stackd::api
