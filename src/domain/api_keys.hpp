#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/projects.hpp"
#include "storage/store.hpp"
#include "util/clock.hpp"

namespace stackd::domain {

// A project API key set as stored: the keys themselves are only SHA-256 hashes, so the
// read shape carries their last four characters (platform.md §1.8).
struct ApiKeySet {
    std::string id;
    std::string description;
    int64_t expires_at_ms = 0;
    int64_t created_at_ms = 0;
    std::optional<int64_t> manually_revoked_at_ms;
    std::optional<std::string> publishable_client_key_last_four;
    std::optional<std::string> secret_server_key_last_four;
    std::optional<std::string> super_secret_admin_key_last_four;
};

// A freshly created set with its full keys: the only time they are revealed.
struct CreatedApiKeySet {
    ApiKeySet set;
    std::optional<std::string> publishable_client_key;
    std::optional<std::string> secret_server_key;
    std::optional<std::string> super_secret_admin_key;
};

struct ApiKeySetRequest {
    std::string description;
    int64_t expires_at_ms = 0;
    bool has_publishable_client_key = false;
    bool has_secret_server_key = false;
    bool has_super_secret_admin_key = false;
};

// Project API key sets (upstream's internal API keys): pck_/ssk_/sak_ + 45 random
// characters. Every write invalidates the key cache so a revoked key fails at once.
class ApiKeyService {
public:
    ApiKeyService(storage::Store& store, const util::Clock& clock, ProjectService& projects)
        : store_(store), clock_(clock), projects_(projects) {}

    CreatedApiKeySet Create(const std::string& project_id, const ApiKeySetRequest& request);
    // Newest first.
    std::vector<ApiKeySet> List(const std::string& project_id);
    // API_KEY_NOT_FOUND when the project has no such set.
    ApiKeySet Get(const std::string& project_id, const std::string& id);
    // `revoke` sets manually_revoked_at to now (again, as upstream does, when already set).
    ApiKeySet Update(const std::string& project_id, const std::string& id,
                     const std::optional<std::string>& description, bool revoke);

private:
    storage::Store& store_;
    const util::Clock& clock_;
    ProjectService& projects_;
};

}  // namespace stackd::domain
