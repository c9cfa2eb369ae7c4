#include "wire/user_json.hpp"

#include "wire/or_null.hpp"
#include "wire/team_json.hpp"

namespace stackd::wire {

nlohmann::json UserToJson(const domain::User& user, domain::AccessType access, bool require_email_verification) {
    const auto restricted = domain::ComputeRestrictedStatus(user, require_email_verification);
    // Assigned field by field: a braced initializer list would build a temporary array per
    // field and deep-copy every value out of it, on the hottest response of the API.
    nlohmann::json json = nlohmann::json::object();
    json["id"] = user.id;
    json["primary_email"] = OrNull(user.primary_email);
    json["primary_email_verified"] = user.primary_email_verified;
    json["display_name"] = OrNull(user.display_name);
    json["profile_image_url"] = OrNull(user.profile_image_url);
    json["signed_up_at_millis"] = user.signed_up_at_ms;
    json["has_password"] = user.has_password;
    json["otp_auth_enabled"] = user.otp_auth_enabled;
    json["passkey_auth_enabled"] = user.passkey_auth_enabled;
    json["auth_with_email"] = user.has_password || user.otp_auth_enabled;
    json["requires_totp_mfa"] = user.requires_totp_mfa;
    json["client_metadata"] = user.client_metadata;
    json["client_read_only_metadata"] = user.client_read_only_metadata;
    json["selected_team_id"] = OrNull(user.selected_team_id);
    json["selected_team"] = user.selected_team ? TeamToJson(*user.selected_team, access) : nlohmann::json(nullptr);
    json["oauth_providers"] = nlohmann::json::array();
    json["is_anonymous"] = user.is_anonymous;
    json["is_restricted"] = restricted.is_restricted;
    json["restricted_reason"] = nullptr;
    if (restricted.reason) {
        json["restricted_reason"]["type"] = *restricted.reason;
    }
    json["restricted_by_admin"] = user.restricted_by_admin;
    json["restricted_by_admin_reason"] = OrNull(user.restricted_by_admin_reason);
    if (access != domain::AccessType::kClient) {
        json["primary_email_auth_enabled"] = user.primary_email_auth_enabled;
        json["last_active_at_millis"] = user.last_active_at_ms;
        json["server_metadata"] = user.server_metadata;
        json["restricted_by_admin_private_details"] = OrNull(user.restricted_by_admin_private_details);
        json["country_code"] = OrNull(user.country_code);
        auto& sign_up = json["risk_scores"]["sign_up"];
        sign_up["bot"] = user.risk_score_bot;
        sign_up["free_trial_abuse"] = user.risk_score_free_trial_abuse;
    }
    return json;
}

}  // namespace stackd::wire
