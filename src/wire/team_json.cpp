#include "wire/team_json.hpp"

#include "wire/or_null.hpp"

namespace stackd::wire {

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

}  // namespace stackd::wire
