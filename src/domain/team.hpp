#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "domain/project.hpp"

namespace stackd::domain {

struct Team {
    std::string tenancy_id;
    std::string id;
    std::string display_name;
    std::optional<std::string> profile_image_url;
    nlohmann::json client_metadata;
    nlohmann::json client_read_only_metadata;
    nlohmann::json server_metadata;
    int64_t created_at_ms = 0;
};

// A membership with its member-level profile overrides (null: fall back to the user's own).
struct TeamMember {
    std::string team_id;
    std::string user_id;
    std::optional<std::string> display_name;
    std::optional<std::string> profile_image_url;
};

// Who is asking, for the rules that differ between client and server callers
// (server and admin bypass every $-permission check, as upstream).
struct Caller {
    AccessType type = AccessType::kClient;
    std::optional<std::string> user_id;  // the access token's user

    bool IsClient() const { return type == AccessType::kClient; }
};

}  // namespace stackd::domain
