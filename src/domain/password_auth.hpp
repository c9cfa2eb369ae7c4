#pragma once

#include <optional>
#include <string>

#include "domain/email_verification.hpp"
#include "domain/mfa_auth.hpp"
#include "domain/password_hasher.hpp"
#include "domain/sessions.hpp"
#include "domain/sign_in_result.hpp"
#include "domain/sign_up_rules.hpp"
#include "domain/users.hpp"

namespace stackd::domain {

// The /auth/password/* flows (auth.md §3.1). bcrypt runs on the hasher pool before any
// transaction is opened, so a slow hash never holds the database writer. Sign-in and
// sign-up end through `mfa`: a user with TOTP gets an MFA attempt code, not a session.
class PasswordAuth {
public:
    static constexpr size_t kMinPasswordLength = 8;
    static constexpr size_t kMaxPasswordLength = 70;

    // `verification` sends the email_verification mail of a sign-up with a callback URL.
    // `email_country_tags`: NODE_ENV development/test, where "user+CA@example.com" signs up as CA.
    PasswordAuth(storage::Store& store, UserService& users, SessionService& sessions, const MfaAuth& mfa,
                 PasswordHasher& hasher, const SignUpRules& sign_up_rules,
                 const EmailVerification* verification = nullptr)
        : store_(store),
          users_(users),
          sessions_(sessions),
          mfa_(mfa),
          hasher_(hasher),
          sign_up_rules_(sign_up_rules),
          verification_(verification) {}

    // `current_user_id`: the caller's access-token user; an anonymous one is upgraded in place.
    SignInResult SignUp(const TenancyView& tenancy, const std::string& email, const std::string& password,
                        const std::optional<std::string>& verification_callback_url,
                        const std::optional<std::string>& current_user_id, const ClientInfo& client);
    SignInResult SignIn(const TenancyView& tenancy, const std::string& email, const std::string& password,
                        const ClientInfo& client);
    // Changes the password and signs out every other session (all when no refresh token).
    void Update(const TenancyView& tenancy, const std::string& user_id, const std::string& old_password,
                const std::string& new_password, const std::optional<std::string>& current_refresh_token);
    void Set(const TenancyView& tenancy, const std::string& user_id, const std::string& password);

    static void CheckEnabled(const TenancyView& tenancy);
    // PASSWORD_TOO_SHORT / PASSWORD_TOO_LONG, counted in characters as upstream counts them.
    static void CheckPasswordLength(const std::string& password);

private:
    storage::Store& store_;
    UserService& users_;
    SessionService& sessions_;
    const MfaAuth& mfa_;
    PasswordHasher& hasher_;
    const SignUpRules& sign_up_rules_;
    const EmailVerification* verification_;
};

}  // namespace stackd::domain
