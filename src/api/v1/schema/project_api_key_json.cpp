#include "api/v1/schema/project_api_key_json.hpp"

namespace stackd::api::v1::schema {
namespace {

using nlohmann::json;

json Base(const domain::ProjectApiKey& key) {
    json out = {{"id", key.id},
                {"description", key.description},
                {"is_public", key.is_public},
                {"created_at_millis", key.created_at_ms},
                {"type", domain::ApiKeyTypeName(key.type)}};
    if (key.expires_at_ms) {
        out["expires_at_millis"] = *key.expires_at_ms;
    }
    if (key.manually_revoked_at_ms) {
        out["manually_revoked_at_millis"] = *key.manually_revoked_at_ms;
    }
    out[key.type == domain::ApiKeyType::kTeam ? "team_id" : "user_id"] = key.owner_id;
    return out;
}

}  // namespace

json ProjectApiKeyRead(const domain::ProjectApiKey& key) {
    json out = Base(key);
    out["value"] = {{"last_four", key.last_four}};
    return out;
}

json ProjectApiKeyCreated(const domain::CreatedProjectApiKey& created) {
    json out = Base(created.key);
    out["value"] = created.secret;
    return out;
}

}  // namespace stackd::api::v1::schema
