#include "api/v1/schema/api_key_json.hpp"

namespace stackd::api::v1::schema {
namespace {

using nlohmann::json;

json Base(const domain::ApiKeySet& set) {
    json out = {{"id", set.id},
                {"description", set.description},
                {"expires_at_millis", set.expires_at_ms},
                {"created_at_millis", set.created_at_ms}};
    if (set.manually_revoked_at_ms) {
        out["manually_revoked_at_millis"] = *set.manually_revoked_at_ms;
    }
    return out;
}

}  // namespace

json ApiKeySetObfuscatedRead(const domain::ApiKeySet& set) {
    json out = Base(set);
    if (set.publishable_client_key_last_four) {
        out["publishable_client_key"] = {{"last_four", *set.publishable_client_key_last_four}};
    }
    if (set.secret_server_key_last_four) {
        out["secret_server_key"] = {{"last_four", *set.secret_server_key_last_four}};
    }
    if (set.super_secret_admin_key_last_four) {
        out["super_secret_admin_key"] = {{"last_four", *set.super_secret_admin_key_last_four}};
    }
    return out;
}

json ApiKeySetCreated(const domain::CreatedApiKeySet& created) {
    json out = Base(created.set);
    if (created.publishable_client_key) {
        out["publishable_client_key"] = *created.publishable_client_key;
    }
    if (created.secret_server_key) {
        out["secret_server_key"] = *created.secret_server_key;
    }
    if (created.super_secret_admin_key) {
        out["super_secret_admin_key"] = *created.super_secret_admin_key;
    }
    return out;
}

}  // namespace stackd::api::v1::schema
