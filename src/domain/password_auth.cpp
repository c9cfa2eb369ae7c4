#include "domain/password_auth.hpp"

#include "domain/redirect_urls.hpp"
#include "domain/user_repository.hpp"
#include "errors/known_error.hpp"

namespace stackd::domain {
namespace {

using errors::ErrorCode;
using errors::KnownError;
using errors::StatusError;

bool ConfigFlag(const TenancyView& tenancy, const char* pointer) {
    const auto& value = tenancy.config[nlohmann::json::json_pointer(pointer)];
    return value.is_boolean() && value.get<bool>();
}

// JavaScript counts UTF-16 code units; counting code points differs only for characters
// outside the BMP, which count as 2 there.
size_t JsLength(const std::string& text) {
    size_t length = 0;
    for (size_t index = 0; index < text.size(); ++index) {
        const auto byte = static_cast<unsigned char>(text[index]);
        if ((byte & 0xC0) != 0x80) {
            length += byte >= 0xF0 ? 2 : 1;
        }
    }
    return length;
}

std::optional<std::string> FindAuthUser(storage::Connection& db, const std::string& tenancy_id,
                                        const std::string& email) {
    auto user_id = user_repository::FindUserIdByAuthEmail(db, tenancy_id, email);
    if (!user_id) {
        user_id = user_repository::FindUserIdByAuthEmail(db, tenancy_id, NormalizeEmail(email));
    }
    return user_id;
}

}  // namespace

void PasswordAuth::CheckEnabled(const TenancyView& tenancy) {
    if (!ConfigFlag(tenancy, "/auth/password/allowSignIn")) {
        throw KnownError(ErrorCode::kPasswordAuthenticationNotEnabled);
    }
}

void PasswordAuth::CheckPasswordLength(const std::string& password) {
    const size_t length = JsLength(password);
    if (length < kMinPasswordLength) {
        throw KnownError::Formatted(ErrorCode::kPasswordTooShort, {{"min_length", kMinPasswordLength}},
                                    kMinPasswordLength);
    }
    if (length > kMaxPasswordLength) {
        throw KnownError::Formatted(ErrorCode::kPasswordTooLong, {{"maxLength", kMaxPasswordLength}},
                                    kMaxPasswordLength);
    }
}

SignInResult PasswordAuth::SignUp(const TenancyView& tenancy, const std::string& email, const std::string& password,
                                  const std::optional<std::string>& verification_callback_url,
                                  const std::optional<std::string>& current_user_id, const ClientInfo& client) {
    CheckEnabled(tenancy);
    if (verification_callback_url && !IsRedirectUrlTrusted(*verification_callback_url, tenancy.config)) {
        throw KnownError(ErrorCode::kRedirectUrlNotWhitelisted);
    }
    if (!ConfigFlag(tenancy, "/auth/allowSignUp")) {
        throw KnownError(ErrorCode::kSignUpNotEnabled);
    }
    CheckPasswordLength(password);
    // Sign-up rules run before anything is written (and before the costly hash).
    std::optional<User> anonymous;
    if (current_user_id) {
        anonymous = store_.ReadValue(
            [&](storage::Connection& db) { return user_repository::Find(db, tenancy.tenancy->id, *current_user_id); });
        if (anonymous && !anonymous->is_anonymous) {
            anonymous.reset();
        }
    }
    const auto decision = sign_up_rules_.Enforce(tenancy, email, "password", std::nullopt, client.end_user_country_code);
    const std::string hash = hasher_.Hash(password);

    UserInput input;
    input.primary_email = std::optional<std::string>(email);
    input.primary_email_auth_enabled = true;
    input.primary_email_verified = false;
    ApplySignUpDecision(input, decision, anonymous ? &*anonymous : nullptr);
    return store_.WriteValue([&](storage::Connection& db) {
        std::optional<User> user;
        if (current_user_id) {
            auto current = user_repository::Find(db, tenancy.tenancy->id, *current_user_id);
            if (current && current->is_anonymous) {
                // Signing up with an anonymous session upgrades that user: same id.
                UserInput upgrade = input;
                upgrade.is_anonymous = false;
                users_.UpdateIn(db, tenancy, *current, upgrade, std::nullopt);
                user_repository::SetAuthMethod(db, tenancy.tenancy->id, current->id, "password", hash, 0);
                // One user.updated for the whole upgrade, as upstream's single update.
                user = users_.FinishUpdateIn(db, tenancy, current->id);
            }
        }
        if (!user) {
            user = users_.CreateIn(db, tenancy, input, hash);
        }
        if (verification_callback_url && verification_) {
            // Same transaction: the mail exists iff the account does. The code's address is
            // the stored (normalised) one, so /contact-channels/verify finds the channel.
            verification_->SendIn(db, tenancy, user->id, user->display_name, NormalizeEmail(email),
                                  *verification_callback_url, true);
        }
        // Upstream counts a sign-up as a new user even when it upgraded an anonymous one.
        return mfa_.CompleteFirstFactorIn(db, tenancy, *user, true, client);
    }).TokensOrThrowMfaRequired();
}

SignInResult PasswordAuth::SignIn(const TenancyView& tenancy, const std::string& email, const std::string& password,
                                  const ClientInfo& client) {
    CheckEnabled(tenancy);
    const std::string& tenancy_id = tenancy.tenancy->id;
    struct Candidate {
        std::string user_id;
        std::optional<std::string> hash;
    };
    const auto candidate = store_.ReadValue([&](storage::Connection& db) -> std::optional<Candidate> {
        auto user_id = FindAuthUser(db, tenancy_id, email);
        if (!user_id) {
            return std::nullopt;
        }
        return Candidate{*user_id, user_repository::FindPasswordHash(db, tenancy_id, *user_id)};
    });
    if (!candidate || !candidate->hash) {
        // Compare anyway, so an unknown email takes as long as a wrong password.
        hasher_.VerifyDummy(password);
        throw KnownError(ErrorCode::kEmailPasswordMismatch);
    }
    if (!hasher_.Verify(password, *candidate->hash)) {
        throw KnownError(ErrorCode::kEmailPasswordMismatch);
    }
    return store_.WriteValue([&](storage::Connection& db) {
        auto user = user_repository::Find(db, tenancy_id, candidate->user_id);
        if (!user) {
            throw KnownError(ErrorCode::kEmailPasswordMismatch);  // deleted meanwhile
        }
        return mfa_.CompleteFirstFactorIn(db, tenancy, *user, false, client);
    }).TokensOrThrowMfaRequired();
}

void PasswordAuth::Update(const TenancyView& tenancy, const std::string& user_id, const std::string& old_password,
                          const std::string& new_password, const std::optional<std::string>& current_refresh_token) {
    CheckEnabled(tenancy);
    CheckPasswordLength(new_password);
    const std::string& tenancy_id = tenancy.tenancy->id;
    const auto hash = store_.ReadValue(
        [&](storage::Connection& db) { return user_repository::FindPasswordHash(db, tenancy_id, user_id); });
    if (!hash) {
        throw KnownError(ErrorCode::kUserDoesNotHavePassword);
    }
    if (!hasher_.Verify(old_password, *hash)) {
        throw KnownError(ErrorCode::kPasswordConfirmationMismatch);
    }
    const std::string new_hash = hasher_.Hash(new_password);
    std::optional<std::string> keep_session;
    if (current_refresh_token) {
        if (auto session = sessions_.FindByRefreshToken(*current_refresh_token);
            session && session->tenancy_id == tenancy_id && session->user_id == user_id) {
            keep_session = session->id;
        }
    }
    store_.Write([&](storage::Connection& db) {
        user_repository::SetAuthMethod(db, tenancy_id, user_id, "password", new_hash, 0);
        session_repository::DeleteAllForUser(db, tenancy_id, user_id, keep_session);
    });
}

void PasswordAuth::Set(const TenancyView& tenancy, const std::string& user_id, const std::string& password) {
    CheckEnabled(tenancy);
    CheckPasswordLength(password);
    const std::string& tenancy_id = tenancy.tenancy->id;
    const bool has_password = store_.ReadValue([&](storage::Connection& db) {
        return user_repository::FindPasswordHash(db, tenancy_id, user_id).has_value();
    });
    if (has_password) {
        throw StatusError(400, "User already has a password set.");
    }
    const std::string hash = hasher_.Hash(password);
    store_.Write([&](storage::Connection& db) {
        user_repository::SetAuthMethod(db, tenancy_id, user_id, "password", hash, 0);
    });
}

}  // namespace stackd::domain
