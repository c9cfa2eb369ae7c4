#include "api/v1/schema/team_json.hpp"

#include "api/v1/schema/user_json.hpp"

namespace stackd::api::v1::schema {
namespace {

template <typename T>
nlohmann::json OrNull(const std::optional<T>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json TeamToJson(const domain::Team& team, domain::AccessType access) {
    nlohmann::json json = nlohmann::json::object();  // field by field: see UserToJson
    json["id"] = team.id;
    json["display_name"] = team.display_name;
    json["profile_image_url"] = OrNull(team.profile_image_url);
    json["client_metadata"] = team.client_metadata;
    json["client_read_only_metadata"] = team.client_read_only_metadata;
    if (access != domain::AccessType::kClient) {
        json["created_at_millis"] = team.created_at_ms;
        json["server_metadata"] = team.server_metadata;
    }
    return json;
}

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
        json["user"] = UserToJson(profile.user, domain::AccessType::kServer, require_email_verification);
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
