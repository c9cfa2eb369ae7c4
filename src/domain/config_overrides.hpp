#pragma once

#include <optional>
#include <string>

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

// Reads and writes the stored overrides of one (project, branch); every write invalidates
// the project's cached config so requests see it at once.
class ConfigOverrideService {
public:
    ConfigOverrideService(storage::Store& store, const util::Clock& clock, ProjectService& projects)
        : store_(store), clock_(clock), projects_(projects) {}

    nlohmann::json Get(const std::string& project_id, const std::string& branch_id, ConfigLevel level);
    // Replaces the level's override with `config`.
    void Set(const std::string& project_id, const std::string& branch_id, ConfigLevel level,
             const nlohmann::json& config);
    // override(old, update) at that level (platform.md §1.3).
    void Patch(const std::string& project_id, const std::string& branch_id, ConfigLevel level,
               const nlohmann::json& update);

private:
    storage::Store& store_;
    const util::Clock& clock_;
    ProjectService& projects_;
};

}  // namespace stackd::domain
