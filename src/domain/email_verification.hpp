#pragma once

#include <optional>
#include <string>

#include "domain/email_queue.hpp"
#include "domain/projects.hpp"
#include "domain/verification_codes.hpp"
#include "storage/store.hpp"

namespace stackd::domain {

// Contact-channel verification (CONTACT_CHANNEL_VERIFICATION codes): the email_verification
// mail sent at password sign-up and by /contact-channels/send-verification-code, and
// /contact-channels/verify consuming its code.
class EmailVerification {
public:
    EmailVerification(storage::Store& store, VerificationCodes& codes, EmailQueue& emails)
        : store_(store), codes_(codes), emails_(emails) {}

    // Creates the code ({user_id} / {email}) and queues the mail in the caller's transaction.
    // `from_sign_up`: the sign-up mail, the one upstream checks for deliverability.
    void SendIn(storage::Connection& db, const TenancyView& tenancy, const std::string& user_id,
                const std::optional<std::string>& user_display_name, const std::string& email,
                const std::string& callback_url, bool from_sign_up = false) const;

    void CheckCode(const TenancyView& tenancy, const std::string& code) const;
    // Consumes the code and marks the user's channel with that exact address verified.
    void Verify(const TenancyView& tenancy, const std::string& code) const;

private:
    storage::Store& store_;
    VerificationCodes& codes_;
    EmailQueue& emails_;
};

}  // namespace stackd::domain
