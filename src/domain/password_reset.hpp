#pragma once

#include <string>

#include "domain/email_queue.hpp"
#include "domain/password_hasher.hpp"
#include "domain/projects.hpp"
#include "domain/verification_codes.hpp"
#include "storage/store.hpp"
#include "util/clock.hpp"

namespace stackd::domain {

// /auth/password/send-reset-code, reset and reset/check-code (auth.md §3.1): a
// PASSWORD_RESET code mailed as a link; using it sets the password and ends every session.
class PasswordReset {
public:
    PasswordReset(storage::Store& store, const util::Clock& clock, PasswordHasher& hasher, VerificationCodes& codes,
                  EmailQueue& emails)
        : store_(store), clock_(clock), hasher_(hasher), codes_(codes), emails_(emails) {}

    void SendResetCode(const TenancyView& tenancy, const std::string& email, const std::string& callback_url);
    void CheckCode(const TenancyView& tenancy, const std::string& code);
    void Reset(const TenancyView& tenancy, const std::string& code, const std::string& password);

private:
    storage::Store& store_;
    const util::Clock& clock_;
    PasswordHasher& hasher_;
    VerificationCodes& codes_;
    EmailQueue& emails_;
};

}  // namespace stackd::domain
