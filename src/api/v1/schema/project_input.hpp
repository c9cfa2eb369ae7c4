#pragma once

#include <optional>
#include <string>

#include "api/v1/schema/fields.hpp"
#include "domain/admin_projects.hpp"

namespace stackd::api::v1::schema {

// Body keys of upstream's projectsCrudAdminUpdateSchema (create adds owner_team_id).
const std::vector<std::string>& ProjectUpdateKeys();

// Reads the fields of an admin project create or update (projectsCrudAdmin{Create,Update}Schema)
// from `reader` (path "body"); `creating` requires display_name. Problems are recorded on
// `reader`, nested ones under body.config.
domain::ProjectInput ReadProjectInput(ObjectReader& reader, const nlohmann::json& body, bool creating);

}  // namespace stackd::api::v1::schema
