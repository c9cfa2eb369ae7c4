#pragma once

#include <optional>
#include <string>

#include "domain/email_queue.hpp"
#include "domain/mfa_auth.hpp"
#include "domain/password_auth.hpp"
#include "domain/sessions.hpp"
#include "domain/sign_up_rules.hpp"
#include "domain/users.hpp"
#include "domain/verification_codes.hpp"

namespace stackd::domain {

struct OtpSignInResult {
    SignInResult sign_in;
    bool is_new_user = false;
};

// The /auth/otp/* flows (auth.md §3.2): a ONE_TIME_PASSWORD code per send, mailed as a
// 6-character OTP and a magic link; either completes sign-in, creating the user when the
// email is new and sign-up is enabled. Sign-in ends through `mfa` (TOTP users get an MFA
// attempt code instead of a session).
class OtpAuth {
public:
    // `email_country_tags`: NODE_ENV development/test, where "user+CA@example.com" signs up as CA.
    OtpAuth(storage::Store& store, UserService& users, const MfaAuth& mfa, VerificationCodes& codes,
            EmailQueue& emails, const SignUpRules& sign_up_rules)
        : store_(store), users_(users), mfa_(mfa), codes_(codes), emails_(emails), sign_up_rules_(sign_up_rules) {}

    // Returns the nonce (the code without its OTP).
    // The caller's country is kept on the code: a first sign-in's sign-up rules see it.
    std::string SendSignInCode(const TenancyView& tenancy, const std::string& email, const std::string& callback_url,
                               const ClientInfo& client);
    void CheckCode(const TenancyView& tenancy, const std::string& code);
    OtpSignInResult SignIn(const TenancyView& tenancy, const std::string& code,
                           const std::optional<std::string>& current_user_id, const ClientInfo& client);

private:
    // upstream's ensureUserForEmailAllowsOtp: the existing user for the email (given an OTP
    // method if it lacks one), or nullopt when a new one may be created.
    std::optional<User> EnsureUserAllowsOtp(storage::Connection& db, const TenancyView& tenancy,
                                            const std::string& email);

    storage::Store& store_;
    UserService& users_;
    const MfaAuth& mfa_;
    VerificationCodes& codes_;
    EmailQueue& emails_;
    const SignUpRules& sign_up_rules_;
};

}  // namespace stackd::domain
