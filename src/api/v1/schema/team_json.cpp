#include "api/v1/schema/team_json.hpp"

#include "wire/or_null.hpp"
#include "wire/user_json.hpp"

namespace stackd::api::v1::schema {

using wire::OrNull;

nlohmann::json MemberProfileToJson(const domain::MemberProfile& profile, domain::AccessType access,
                                   bool require_email_verification) {
    const auto& member = profile.member;
    nlohmann::json json = {
        {"team_id", member.team_id},
        {"user_id", member.user_id},
        {"display_name", OrNull(member.display_name ? member.display_name : profile.user.display_name)},
        {"profile_image_url",
         OrNull(member.profile_image_url ? member.profile_image_url : profile.user.profile_image_url)},
    };
    if (access != domain::AccessType::kClient) {
        json["user"] = wire::UserToJson(profile.user, domain::AccessType::kServer, require_email_verification);
    }
    return json;
}

nlohmann::json GrantToJson(const domain::team_repository::Grant& grant, bool team_scope) {
    nlohmann::json json = {{"id", grant.permission_id}, {"user_id", grant.user_id}};
    if (team_scope) {
        json["team_id"] = grant.team_id;
    }
    return json;
}

nlohmann::json DefinitionToJson(const domain::permissions::Definition& definition) {
    nlohmann::json json = {{"id", definition.id}};
    if (definition.description) {
        json["description"] = *definition.description;
    }
    json["contained_permission_ids"] = definition.contained_permission_ids;
    return json;
}

nlohmann::json ListJson(nlohmann::json items) { return {{"items", std::move(items)}, {"is_paginated", false}}; }

}  // namespace stackd::api::v1::schema
