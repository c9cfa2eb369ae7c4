#pragma once

#include <nlohmann/json.hpp>

#include "domain/project.hpp"
#include "domain/team.hpp"

namespace stackd::wire {

// The team read object (resources.md §1.3), shared by API responses and webhook payloads:
// the client view drops created_at_millis and server_metadata.
nlohmann::json TeamToJson(const domain::Team& team, domain::AccessType access);

}  // namespace stackd::wire
