#include "api/v1/schema/user_input.hpp"

#include <algorithm>

#include "api/v1/schema/fields.hpp"
#include "crypto/base64.hpp"
#include "errors/known_error.hpp"

namespace stackd::api::v1::schema {
namespace {

using errors::StatusError;

const std::vector<std::string> kClientUpdateKeys = {"display_name",       "profile_image_url", "client_metadata",
                                                    "selected_team_id",   "totp_secret_base64", "otp_auth_enabled",
                                                    "passkey_auth_enabled", "primary_email"};

std::vector<std::string> AllowedKeys(UserInputKind kind) {
    if (kind == UserInputKind::kClientUpdate) {
        return kClientUpdateKeys;
    }
    std::vector<std::string> keys = {"display_name",
                                     "profile_image_url",
                                     "client_metadata",
                                     "client_read_only_metadata",
                                     "server_metadata",
                                     "primary_email",
                                     "primary_email_verified",
                                     "primary_email_auth_enabled",
                                     "password",
                                     "password_hash",
                                     "otp_auth_enabled",
                                     "totp_secret_base64",
                                     "passkey_auth_enabled",
                                     "is_anonymous",
                                     "restricted_by_admin",
                                     "restricted_by_admin_reason",
                                     "restricted_by_admin_private_details",
                                     "country_code",
                                     "risk_scores"};
    keys.emplace_back(kind == UserInputKind::kServerCreate ? "oauth_providers" : "selected_team_id");
    return keys;
}

// http(s) URLs are stored as given; image data URLs are accepted as upstream accepts them.
// A client may only upload an image (a base64 data URL).
void CheckProfileImage(const std::optional<std::string>& url, bool client) {
    if (!url) {
        return;
    }
    static const std::vector<std::string> kImageTypes = {"png", "jpg", "jpeg", "gif", "bmp", "webp"};
    bool is_data_image = false;
    if (url->rfind("data:image/", 0) == 0) {
        const auto semicolon = url->find(";base64,");
        const std::string type = semicolon == std::string::npos ? "" : url->substr(11, semicolon - 11);
        is_data_image = std::find(kImageTypes.begin(), kImageTypes.end(), type) != kImageTypes.end();
    }
    const bool is_http = url->rfind("http://", 0) == 0 || url->rfind("https://", 0) == 0;
    if (client ? !is_data_image : !(is_data_image || is_http)) {
        throw StatusError(400, "Invalid profile image URL");
    }
}

}  // namespace

domain::UserInput ReadUserInput(const RouteContext& context, UserInputKind kind) {
    ObjectReader reader("body", context.body, AllowedKeys(kind));
    if (context.body.is_discarded()) {
        reader.AddProblem("body must be defined");
    }
    domain::UserInput input;
    input.display_name = reader.NullableString("display_name", {.nullable = true, .max_length = 256});
    input.profile_image_url = ReadImageUrl(reader, "body", "profile_image_url");
    input.client_metadata = reader.Json("client_metadata");
    input.primary_email = reader.NullableString("primary_email", {.nullable = true, .non_empty = true});
    input.selected_team_id = reader.NullableString("selected_team_id", {.nullable = true});
    input.totp_secret_base64 = reader.NullableString("totp_secret_base64", {.nullable = true});
    if (input.totp_secret_base64 && *input.totp_secret_base64 &&
        !crypto::Base64Decode(**input.totp_secret_base64)) {
        // The secret must decode: MFA sign-in computes TOTPs from its bytes.
        reader.AddProblem("body.totp_secret_base64 is not valid base64");
    }
    input.otp_auth_enabled = reader.Bool("otp_auth_enabled");
    input.passkey_auth_enabled = reader.Bool("passkey_auth_enabled");
    if (input.primary_email && *input.primary_email && !IsEmail(**input.primary_email)) {
        reader.AddProblem("body.primary_email must be a valid email");
    }
    if (kind != UserInputKind::kClientUpdate) {
        input.client_read_only_metadata = reader.Json("client_read_only_metadata");
        input.server_metadata = reader.Json("server_metadata");
        input.primary_email_verified = reader.Bool("primary_email_verified");
        input.primary_email_auth_enabled = reader.Bool("primary_email_auth_enabled");
        input.password = reader.NullableString("password", {.nullable = true, .max_length = 70});
        if (auto hash = reader.String("password_hash", {.non_empty = true})) {
            input.password_hash = hash;
        }
        input.restricted_by_admin = reader.Bool("restricted_by_admin");
        input.restricted_by_admin_reason = reader.NullableString("restricted_by_admin_reason", {.nullable = true});
        input.restricted_by_admin_private_details =
            reader.NullableString("restricted_by_admin_private_details", {.nullable = true});
        if (!input.restricted_by_admin.value_or(false)) {
            if (input.restricted_by_admin_reason && *input.restricted_by_admin_reason) {
                reader.AddProblem("restricted_by_admin_reason must be null when restricted_by_admin is not true");
            } else if (input.restricted_by_admin_private_details && *input.restricted_by_admin_private_details) {
                reader.AddProblem(
                    "restricted_by_admin_private_details must be null when restricted_by_admin is not true");
            }
        }
        if (auto is_anonymous = reader.Bool("is_anonymous")) {
            if (kind == UserInputKind::kServerUpdate && *is_anonymous) {
                reader.AddProblem("body.is_anonymous must be one of the following values: false");
            }
            input.is_anonymous = is_anonymous;
        }
        if (auto country = reader.NullableString("country_code", {.nullable = true})) {
            if (*country) {
                std::string code = **country;
                code.erase(0, code.find_first_not_of(' '));
                code.erase(code.find_last_not_of(' ') + 1);
                std::transform(code.begin(), code.end(), code.begin(), [](unsigned char c) { return std::toupper(c); });
                if (code.size() != 2 || !std::isalpha(static_cast<unsigned char>(code[0])) ||
                    !std::isalpha(static_cast<unsigned char>(code[1]))) {
                    reader.AddProblem("body.country_code must be a 2-letter country code");
                } else {
                    input.country_code = std::optional<std::string>(code);
                }
            } else {
                input.country_code = std::optional<std::string>();
            }
        }
        if (auto scores = reader.Json("risk_scores")) {
            ObjectReader risk("body.risk_scores", *scores, {"sign_up"});
            ObjectReader sign_up("body.risk_scores.sign_up", scores->value("sign_up", nlohmann::json::object()),
                                 {"bot", "free_trial_abuse"});
            const auto bot = sign_up.Integer("bot", true, 0, 100);
            const auto abuse = sign_up.Integer("free_trial_abuse", true, 0, 100);
            for (const auto* part : {&risk, &sign_up}) {
                for (const auto& problem : part->problems()) {
                    reader.AddProblem(problem);
                }
            }
            if (bot && abuse) {
                input.risk_scores = std::make_pair(*bot, *abuse);
            }
        }
        if (auto providers = reader.Json("oauth_providers"); providers && providers->is_array() && !providers->empty()) {
            // OAuth accounts arrive with the OAuth issue: no provider account can be linked yet.
            throw StatusError(400, "OAuth provider " + (*providers)[0].value("id", std::string()) + " not found");
        }
    }
    reader.ThrowIfInvalid(context.request.method, context.requested_path);
    CheckProfileImage(input.profile_image_url.value_or(std::nullopt), kind == UserInputKind::kClientUpdate);
    return input;
}

}  // namespace stackd::api::v1::schema
