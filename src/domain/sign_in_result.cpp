#include "domain/sign_in_result.hpp"

#include "errors/known_error.hpp"

namespace stackd::domain {

SignInResult FirstFactorOutcome::TokensOrThrowMfaRequired() const {
    if (mfa_attempt_code) {
        throw errors::KnownError(errors::ErrorCode::kMultiFactorAuthenticationRequired,
                                 {{"attempt_code", *mfa_attempt_code}});
    }
    return {user_id, *tokens};
}

}  // namespace stackd::domain
