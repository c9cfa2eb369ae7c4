#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace stackd::domain {

inline constexpr const char* kInternalProjectId = "internal";
inline constexpr const char* kDefaultBranchId = "main";

struct Project {
    std::string id;
    std::string display_name;
    std::string description;
    bool is_production_mode = false;
    std::optional<std::string> owner_team_id;
    std::string onboarding_status = "completed";
    std::optional<std::string> logo_url;
    std::optional<std::string> logo_full_url;
    std::optional<std::string> logo_dark_mode_url;
    std::optional<std::string> logo_full_dark_mode_url;
    int64_t created_at_ms = 0;
};

// A (project, branch) pair: the key of almost every per-project row.
struct Tenancy {
    std::string id;
    std::string project_id;
    std::string branch_id;
};

enum class AccessType { kClient, kServer, kAdmin };

const char* AccessTypeName(AccessType type);
std::optional<AccessType> ParseAccessType(const std::string& text);

enum class KeyKind { kPublishableClient, kSecretServer, kSuperSecretAdmin };

}  // namespace stackd::domain
