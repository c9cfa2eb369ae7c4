#include "api/v1/schema/user_json.hpp"

#include "api/v1/schema/team_json.hpp"

namespace stackd::api::v1::schema {
namespace {

template <typename T>
nlohmann::json OrNull(const std::optional<T>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json UserToJson(const domain::User& user, domain::AccessType access, bool require_email_verification) {
    const auto restricted = domain::ComputeRestrictedStatus(user, require_email_verification);
    nlohmann::json json = {
        {"id", user.id},
        {"primary_email", OrNull(user.primary_email)},
        {"primary_email_verified", user.primary_email_verified},
        {"display_name", OrNull(user.display_name)},
        {"profile_image_url", OrNull(user.profile_image_url)},
        {"signed_up_at_millis", user.signed_up_at_ms},
        {"has_password", user.has_password},
        {"otp_auth_enabled", user.otp_auth_enabled},
        {"passkey_auth_enabled", user.passkey_auth_enabled},
        {"auth_with_email", user.has_password || user.otp_auth_enabled},
        {"requires_totp_mfa", user.requires_totp_mfa},
        {"client_metadata", user.client_metadata},
        {"client_read_only_metadata", user.client_read_only_metadata},
        {"selected_team_id", OrNull(user.selected_team_id)},
        {"selected_team", user.selected_team ? TeamToJson(*user.selected_team, access) : nlohmann::json(nullptr)},
        {"oauth_providers", nlohmann::json::array()},
        {"is_anonymous", user.is_anonymous},
        {"is_restricted", restricted.is_restricted},
        {"restricted_reason", restricted.reason ? nlohmann::json({{"type", *restricted.reason}}) : nlohmann::json(nullptr)},
        {"restricted_by_admin", user.restricted_by_admin},
        {"restricted_by_admin_reason", OrNull(user.restricted_by_admin_reason)},
    };
    if (access != domain::AccessType::kClient) {
        json["primary_email_auth_enabled"] = user.primary_email_auth_enabled;
        json["last_active_at_millis"] = user.last_active_at_ms;
        json["server_metadata"] = user.server_metadata;
        json["restricted_by_admin_private_details"] = OrNull(user.restricted_by_admin_private_details);
        json["country_code"] = OrNull(user.country_code);
        json["risk_scores"] = {
            {"sign_up", {{"bot", user.risk_score_bot}, {"free_trial_abuse", user.risk_score_free_trial_abuse}}}};
    }
    return json;
}

}  // namespace stackd::api::v1::schema
