#pragma once

#include <nlohmann/json.hpp>

#include "domain/permissions.hpp"
#include "domain/project.hpp"
#include "domain/team.hpp"
#include "domain/team_members.hpp"
#include "domain/team_repository.hpp"

namespace stackd::api::v1::schema {


// Team member profile (§1.4): S/A add the full server user.
nlohmann::json MemberProfileToJson(const domain::MemberProfile& profile, domain::AccessType access,
                                   bool require_email_verification);

// Permission grants: {id, team_id, user_id} for teams, {id, user_id} for projects.
nlohmann::json GrantToJson(const domain::team_repository::Grant& grant, bool team_scope);

// Permission definition: description only when there is one.
nlohmann::json DefinitionToJson(const domain::permissions::Definition& definition);

// Upstream's non-paginated list envelope.
nlohmann::json ListJson(nlohmann::json items);

}  // namespace stackd::api::v1::schema
