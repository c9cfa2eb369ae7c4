#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crypto/api_key_format.hpp"
#include "domain/projects.hpp"
#include "domain/team.hpp"
#include "storage/store.hpp"
#include "util/clock.hpp"

namespace stackd::domain {

using crypto::ApiKeyType;
const char* ApiKeyTypeName(ApiKeyType type);

// A user or team API key as stored: the secret is kept only as its SHA-256 and last four
// characters (resources.md §13).
struct ProjectApiKey {
    std::string id;
    ApiKeyType type = ApiKeyType::kUser;
    std::string owner_id;  // user_id or team_id, by type
    std::string description;
    bool is_public = false;
    int64_t created_at_ms = 0;
    std::optional<int64_t> expires_at_ms;
    std::optional<int64_t> manually_revoked_at_ms;
    std::string last_four;
};

// The create answer: the full secret, revealed this once.
struct CreatedProjectApiKey {
    ProjectApiKey key;
    std::string secret;
};

struct ProjectApiKeyRequest {
    ApiKeyType type = ApiKeyType::kUser;
    std::string owner_id;
    std::string description;
    std::optional<int64_t> expires_at_ms;  // nullopt: never expires
    bool is_public = false;
    bool is_cloud_version = false;  // the request host is api.stack-auth.com
};

// User and team API keys of a tenancy (upstream's (api-keys)/handlers.tsx).
class ProjectApiKeyService {
public:
    ProjectApiKeyService(storage::Store& store, const util::Clock& clock) : store_(store), clock_(clock) {}

    // Upstream's throwIfFeatureDisabled: 400 text unless config apiKeys.enabled.<type>.
    static void EnsureEnabled(const TenancyView& tenancy, ApiKeyType type);

    // Upstream's ensureUserCanManageApiKeys for a client caller (server and admin pass):
    // a user is required, user keys only for themselves (403 text), team keys only with
    // effective $manage_api_keys in the team (else API_KEY_NOT_FOUND, hiding the team).
    void EnsureCanManage(const TenancyView& tenancy, const Caller& caller, ApiKeyType type,
                         const std::string& owner_id);

    // USER_NOT_FOUND / TEAM_NOT_FOUND when the owner is not in the tenancy.
    CreatedProjectApiKey Create(const TenancyView& tenancy, const ProjectApiKeyRequest& request);
    // Newest first, revoked and expired keys included.
    std::vector<ProjectApiKey> List(const std::string& tenancy_id, ApiKeyType type, const std::string& owner_id);
    // API_KEY_NOT_FOUND when the tenancy has no key of that id and type.
    ProjectApiKey Get(const std::string& tenancy_id, ApiKeyType type, const std::string& id);
    // `revoke` stamps manually_revoked_at only the first time: it never changes afterwards.
    ProjectApiKey Update(const std::string& tenancy_id, ApiKeyType type, const std::string& id,
                         const std::optional<std::string>& description, bool revoke);
    // Validates a secret: API_KEY_NOT_FOUND, WRONG_API_KEY_TYPE, API_KEY_REVOKED, API_KEY_EXPIRED.
    ProjectApiKey Check(const std::string& tenancy_id, ApiKeyType expected_type, const std::string& secret);

private:
    storage::Store& store_;
    const util::Clock& clock_;
};

}  // namespace stackd::domain
