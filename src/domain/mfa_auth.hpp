#pragma once

#include <cstdint>
#include <string>

#include "domain/projects.hpp"
#include "domain/sessions.hpp"
#include "domain/sign_in_result.hpp"
#include "domain/user.hpp"
#include "domain/verification_codes.hpp"
#include "storage/store.hpp"
#include "util/clock.hpp"

namespace stackd::domain {

struct MfaSignInResult {
    SignInResult sign_in;
    bool is_new_user = false;
};

// TOTP multi-factor sign-in (auth.md §3.5). Every first factor ends through
// CompleteFirstFactorIn: a user with `requires_totp_mfa` gets an MFA attempt code instead of a
// session, and only POST /auth/mfa/sign-in, given that code and the current TOTP of the user's
// secret, creates the session.
class MfaAuth {
public:
    // Upstream's createMfaRequiredError: attempt codes live five minutes.
    static constexpr int64_t kAttemptLifetimeMs = 5LL * 60 * 1000;

    MfaAuth(storage::Store& store, const util::Clock& clock, SessionService& sessions, VerificationCodes& codes)
        : store_(store), clock_(clock), sessions_(sessions), codes_(codes) {}

    // In the first factor's transaction: a session for `user`, or, when the user requires
    // TOTP, an attempt code (bound to the tenancy, carrying the user id and `is_new_user`).
    FirstFactorOutcome CompleteFirstFactorIn(storage::Connection& db, const TenancyView& tenancy, const User& user,
                                             bool is_new_user, const ClientInfo& client) const;

    // Spends `attempt_code` when `totp` is the user's current TOTP. A wrong TOTP is
    // INVALID_TOTP_CODE and leaves the code usable (the attempt counts toward the code's limit).
    MfaSignInResult SignIn(const TenancyView& tenancy, const std::string& attempt_code, const std::string& totp,
                           const ClientInfo& client) const;

private:
    storage::Store& store_;
    const util::Clock& clock_;
    SessionService& sessions_;
    VerificationCodes& codes_;
};

}  // namespace stackd::domain
