#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/projects.hpp"
#include "storage/store.hpp"
#include "util/clock.hpp"

namespace stackd::domain {

enum class ConfigLevel { kProject, kBranch, kEnvironment };
std::optional<ConfigLevel> ParseConfigLevel(const std::string& text);

// Upstream's getConfigOverrideErrors (platform.md §1.3) against the schema of `level`: the
// first problem, worded as upstream words it (no prefix), or nullopt. Enforced: dotted keys
// only at the top level, the key format, keys resolving to the level's schema (record keys
// spelled in dot notation must match their id pattern), basic value types, uuid strings,
// enums and unknown object properties; null is accepted everywhere. Payments, email
// themes/templates, analytics, custom dashboards and sourceOfTruth values are accepted as
// any JSON value (their keys are still checked).
std::optional<std::string> ConfigOverrideError(ConfigLevel level, const nlohmann::json& override_value);

// Upstream's branchConfigSourceSchema: {type: "pushed-from-github", owner, repo, branch,
// commit_hash, config_file_path} (all strings), {type: "pushed-from-unknown"} or
// {type: "unlinked"}. The yup problem lines for `path` when `source` matches none.
std::vector<std::string> BranchSourceProblems(const std::string& path, const nlohmann::json& source);

// Reads and writes the stored overrides of one (project, branch); every write invalidates
// the project's cached config so requests see it at once.
class ConfigOverrideService {
public:
    ConfigOverrideService(storage::Store& store, const util::Clock& clock, ProjectService& projects)
        : store_(store), clock_(clock), projects_(projects) {}

    nlohmann::json Get(const std::string& project_id, const std::string& branch_id, ConfigLevel level);
    // Replaces the level's override with `config`; a branch write may also record where the
    // config was pushed from (`source`).
    void Set(const std::string& project_id, const std::string& branch_id, ConfigLevel level,
             const nlohmann::json& config, const std::optional<nlohmann::json>& source = std::nullopt);
    // override(old, update) at that level (platform.md §1.3).
    void Patch(const std::string& project_id, const std::string& branch_id, ConfigLevel level,
               const nlohmann::json& update);

    // removeKeys(old, keys) at that level (platform.md §1.3); unknown keys are no-ops.
    void ResetKeys(const std::string& project_id, const std::string& branch_id, ConfigLevel level,
                   const std::vector<std::string>& keys);

    // The branch config's source, {"type": "unlinked"} when none was recorded.
    nlohmann::json GetSource(const std::string& project_id, const std::string& branch_id);
    // Records {"type": "unlinked"}; the config itself is untouched.
    void UnlinkSource(const std::string& project_id, const std::string& branch_id);

private:
    void Save(storage::Connection& db, const std::string& project_id, const std::string& branch_id,
              ConfigLevel level, const nlohmann::json& config);

    storage::Store& store_;
    const util::Clock& clock_;
    ProjectService& projects_;
};

}  // namespace stackd::domain
