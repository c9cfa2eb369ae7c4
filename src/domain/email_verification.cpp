#include "domain/email_verification.hpp"

#include "errors/known_error.hpp"

namespace stackd::domain {

void EmailVerification::SendIn(storage::Connection& db, const TenancyView& tenancy, const std::string& user_id,
                               const std::optional<std::string>& user_display_name, const std::string& email,
                               const std::string& callback_url, bool from_sign_up) const {
    const auto issued = codes_.CreateIn(db, tenancy.tenancy->id, tenancy.config, CodeType::kContactChannelVerification,
                                        {{"email", email}}, {{"user_id", user_id}}, callback_url);
    EmailRequest request;
    request.email_template = EmailTemplate::kEmailVerification;
    request.to = email;
    request.user_id = user_id;
    request.user_display_name = user_display_name;
    request.variables = {{"emailVerificationLink", *issued.link}};
    request.skip_deliverability_check = !from_sign_up;
    emails_.EnqueueIn(db, tenancy, request);
}

void EmailVerification::CheckCode(const TenancyView& tenancy, const std::string& code) const {
    codes_.Check(tenancy.tenancy->id, CodeType::kContactChannelVerification, code);
}

void EmailVerification::Verify(const TenancyView& tenancy, const std::string& code) const {
    const auto used = codes_.Consume(tenancy.tenancy->id, CodeType::kContactChannelVerification, code);
    const auto& email = used.method["email"];
    const auto& user_id = used.data["user_id"];
    if (!email.is_string() || !user_id.is_string()) {
        throw std::runtime_error("verification code " + used.id + " has the wrong shape");
    }
    const auto changed = store_.WriteValue([&](storage::Connection& db) {
        return db.Execute(
            "UPDATE contact_channels SET is_verified = 1 WHERE tenancy_id = $1 AND user_id = $2 AND type = 'email' "
            "AND value = $3",
            {tenancy.tenancy->id, user_id.get<std::string>(), email.get<std::string>()});
    });
    if (changed == 0) {
        // The channel was deleted (or changed) between sending the mail and using the link.
        throw errors::StatusError(400, "Contact channel not found. Was your contact channel deleted?");
    }
}

}  // namespace stackd::domain
