#pragma once

#include <optional>
#include <string>

#include "domain/sessions.hpp"

namespace stackd::domain {

// What a sign-in hands back: the user and the new session's tokens.
struct SignInResult {
    std::string user_id;
    IssuedTokens tokens;
};

// How a successful first factor (password, OTP...) ended inside its transaction: a session,
// or, for a user with TOTP, an MFA attempt code and no session.
struct FirstFactorOutcome {
    std::string user_id;
    bool is_new_user = false;
    std::optional<IssuedTokens> tokens;
    std::optional<std::string> mfa_attempt_code;

    // Called after the transaction committed, so the attempt code exists when the client
    // gets it: the sign-in result, or MULTI_FACTOR_AUTHENTICATION_REQUIRED carrying the code.
    SignInResult TokensOrThrowMfaRequired() const;
};

}  // namespace stackd::domain
