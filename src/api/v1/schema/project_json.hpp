#pragma once

#include <nlohmann/json.hpp>

#include "domain/project.hpp"

namespace stackd::api::v1::schema {

// The client read shape of a project (`projectsCrudClientReadSchema`): id, display name
// and the legacy `config` summary derived from the rendered config.
nlohmann::json ProjectClientRead(const domain::Project& project, const nlohmann::json& rendered_config);

// The admin read shape (`projectsCrudAdminReadSchema`, platform.md §1.6) with the legacy
// `config` object derived from the rendered config.
nlohmann::json ProjectAdminRead(const domain::Project& project, const nlohmann::json& rendered_config);

}  // namespace stackd::api::v1::schema
