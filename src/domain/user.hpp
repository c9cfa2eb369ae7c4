#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "domain/team.hpp"

namespace stackd::domain {

// A user as stored, with the facts every read derives from its primary email channel
// and its sign-in methods.
struct User {
    std::string tenancy_id;
    std::string id;
    std::optional<std::string> display_name;
    std::optional<std::string> profile_image_url;
    nlohmann::json client_metadata;
    nlohmann::json client_read_only_metadata;
    nlohmann::json server_metadata;
    bool is_anonymous = false;
    bool restricted_by_admin = false;
    std::optional<std::string> restricted_by_admin_reason;
    std::optional<std::string> restricted_by_admin_private_details;
    bool requires_totp_mfa = false;
    std::optional<std::string> totp_secret_base64;
    // Honoured only while the user is still a member of that team.
    std::optional<std::string> selected_team_id;
    std::optional<Team> selected_team;
    std::optional<std::string> country_code;
    int64_t risk_score_bot = 0;
    int64_t risk_score_free_trial_abuse = 0;
    int64_t signed_up_at_ms = 0;
    int64_t last_active_at_ms = 0;

    // From the primary EMAIL contact channel (absent: no primary email).
    std::optional<std::string> primary_email;
    bool primary_email_verified = false;
    bool primary_email_auth_enabled = false;

    bool has_password = false;
    bool otp_auth_enabled = false;
    bool passkey_auth_enabled = false;
};

// Upstream's restricted status, computed on every read (first match wins).
struct RestrictedStatus {
    bool is_restricted = false;
    std::optional<std::string> reason;  // anonymous, email_not_verified, restricted_by_administrator
};
RestrictedStatus ComputeRestrictedStatus(const User& user, bool require_email_verification);

// Emails are stored trimmed and lower-cased.
std::string NormalizeEmail(const std::string& email);

}  // namespace stackd::domain
