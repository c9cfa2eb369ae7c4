#include "domain/otp_auth.hpp"

#include <algorithm>
#include <cctype>

#include "domain/user_repository.hpp"
#include "errors/known_error.hpp"
#include "errors/user_errors.hpp"

namespace stackd::domain {
namespace {

using errors::ErrorCode;
using errors::KnownError;
using errors::StatusError;

bool ConfigFlag(const TenancyView& tenancy, const char* pointer) {
    const auto& value = tenancy.config[nlohmann::json::json_pointer(pointer)];
    return value.is_boolean() && value.get<bool>();
}

std::string Upper(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return text;
}

}  // namespace

std::optional<User> OtpAuth::EnsureUserAllowsOtp(storage::Connection& db, const TenancyView& tenancy,
                                                 const std::string& email) {
    const std::string& tenancy_id = tenancy.tenancy->id;
    std::string matched = email;
    auto user_id = user_repository::FindUserIdByAuthEmail(db, tenancy_id, email);
    if (!user_id) {
        matched = NormalizeEmail(email);
        user_id = user_repository::FindUserIdByAuthEmail(db, tenancy_id, matched);
    }
    if (!user_id) {
        if (!ConfigFlag(tenancy, "/auth/allowSignUp")) {
            throw KnownError(ErrorCode::kSignUpNotEnabled);
        }
        return std::nullopt;
    }
    bool verified = false;
    for (const auto& channel : user_repository::ListEmailChannels(db, tenancy_id, *user_id)) {
        if (channel.value == matched && channel.used_for_auth) {
            verified = channel.is_verified;
        }
    }
    if (!verified) {
        throw errors::UserEmailAlreadyExists(matched, true);
    }
    auto user = user_repository::Find(db, tenancy_id, *user_id);
    if (!user->otp_auth_enabled) {
        // A verified address may always sign in by code: the method is added on first use.
        user_repository::SetAuthMethod(db, tenancy_id, *user_id, "otp", std::nullopt, 0);
        user->otp_auth_enabled = true;
    }
    return user;
}

std::string OtpAuth::SendSignInCode(const TenancyView& tenancy, const std::string& email,
                                    const std::string& callback_url, const ClientInfo& client) {
    if (!ConfigFlag(tenancy, "/auth/otp/allowSignIn")) {
        throw StatusError(403, "OTP sign-in is not enabled for this project");
    }
    // Its own transaction: the OTP method it may add stays even if the send fails, as upstream.
    store_.Write([&](storage::Connection& db) { EnsureUserAllowsOtp(db, tenancy, email); });
    return store_.WriteValue([&](storage::Connection& db) {
        const auto issued = codes_.CreateIn(db, tenancy.tenancy->id, tenancy.config, CodeType::kOneTimePassword,
                                            {{"email", email}},
                                            {{"sign_up_country_code", client.end_user_country_code
                                                                          ? nlohmann::json(*client.end_user_country_code)
                                                                          : nlohmann::json(nullptr)}},
                                            callback_url);
        EmailRequest request;
        request.email_template = EmailTemplate::kMagicLink;
        request.to = email;
        request.variables = {{"magicLink", *issued.link},
                             {"otp", Upper(issued.code.code.substr(0, VerificationCodes::kOtpLength))}};
        emails_.EnqueueIn(db, tenancy, request);
        return issued.code.code.substr(VerificationCodes::kOtpLength);
    });
}

void OtpAuth::CheckCode(const TenancyView& tenancy, const std::string& code) {
    codes_.Check(tenancy.tenancy->id, CodeType::kOneTimePassword, code);
}

OtpSignInResult OtpAuth::SignIn(const TenancyView& tenancy, const std::string& code,
                                const std::optional<std::string>& current_user_id, const ClientInfo& client) {
    const auto used = codes_.Consume(tenancy.tenancy->id, CodeType::kOneTimePassword, code);
    const auto& email_value = used.method["email"];
    if (!email_value.is_string()) {
        // Only send-sign-in-code writes ONE_TIME_PASSWORD codes here, always with an email
        // (MFA attempt codes have their own type), so this is a broken row, not bad input.
        throw std::runtime_error("verification code " + used.id + " is not a sign-in code");
    }
    const std::string email = email_value.get<std::string>();
    std::optional<User> existing = store_.WriteValue(
        [&](storage::Connection& db) { return EnsureUserAllowsOtp(db, tenancy, email); });
    // A first sign-in is a sign-up: the rules decide before the user exists.
    std::optional<SignUpDecision> decision;
    std::optional<User> anonymous;
    if (!existing) {
        if (current_user_id) {
            anonymous = store_.ReadValue([&](storage::Connection& db) {
                return user_repository::Find(db, tenancy.tenancy->id, *current_user_id);
            });
            if (anonymous && !anonymous->is_anonymous) {
                anonymous.reset();
            }
        }
        // As upstream, the country is the one of the request that asked for the code.
        const auto& stored_country = used.data.is_object() ? used.data.value("sign_up_country_code", nlohmann::json())
                                                           : nlohmann::json();
        decision = sign_up_rules_.Enforce(
            tenancy, email, "otp", std::nullopt,
            stored_country.is_string() ? std::optional<std::string>(stored_country.get<std::string>()) : std::nullopt);
    }
    const auto outcome = store_.WriteValue([&](storage::Connection& db) {
        bool is_new_user = false;
        std::optional<User> user = existing;
        if (!user) {
            UserInput input;
            input.primary_email = std::optional<std::string>(email);
            input.primary_email_verified = true;
            input.primary_email_auth_enabled = true;
            input.otp_auth_enabled = true;
            ApplySignUpDecision(input, *decision, anonymous ? &*anonymous : nullptr);
            if (current_user_id) {
                auto current = user_repository::Find(db, tenancy.tenancy->id, *current_user_id);
                if (current && current->is_anonymous) {
                    // An anonymous caller is upgraded in place, keeping its id.
                    UserInput upgrade = input;
                    upgrade.otp_auth_enabled.reset();
                    upgrade.is_anonymous = false;
                    users_.UpdateIn(db, tenancy, *current, upgrade, std::nullopt);
                    user_repository::SetAuthMethod(db, tenancy.tenancy->id, current->id, "otp", std::nullopt, 0);
                    // One user.updated for the whole upgrade, as upstream's single update.
                user = users_.FinishUpdateIn(db, tenancy, current->id);
                }
            }
            if (!user) {
                user = users_.CreateIn(db, tenancy, input, std::nullopt);
            }
            is_new_user = true;
        }
        return mfa_.CompleteFirstFactorIn(db, tenancy, *user, is_new_user, client);
    });
    return {outcome.TokensOrThrowMfaRequired(), outcome.is_new_user};
}

}  // namespace stackd::domain
