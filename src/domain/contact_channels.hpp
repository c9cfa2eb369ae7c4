#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/email_verification.hpp"
#include "domain/projects.hpp"
#include "domain/user.hpp"
#include "domain/user_repository.hpp"
#include "storage/store.hpp"
#include "util/clock.hpp"

namespace stackd::domain {

using ContactChannel = user_repository::ContactChannel;

struct ContactChannelCreate {
    std::string user_id;
    std::string value;  // normalized here
    bool used_for_auth = false;
    std::optional<bool> is_primary;
    std::optional<bool> is_verified;  // server and admin only
};

struct ContactChannelUpdate {
    std::optional<std::string> value;
    bool normalize_value = false;  // upstream normalizes only when `type` is sent with it
    std::optional<bool> used_for_auth;
    std::optional<bool> is_primary;
    std::optional<bool> is_verified;  // server and admin only
};

// The contact-channel CRUD and the per-channel verification mail (resources.md §14).
// Who may act on which user is the route's business; these methods trust their user_id.
class ContactChannels {
public:
    ContactChannels(storage::Store& store, const util::Clock& clock, EmailVerification& verification)
        : store_(store), clock_(clock), verification_(verification) {}

    // 400 "Contact channel already exists"; 409 CONTACT_CHANNEL_ALREADY_USED_FOR_AUTH_BY_SOMEONE_ELSE;
    // 404 USER_NOT_FOUND for an unknown user.
    ContactChannel Create(const TenancyView& tenancy, const ContactChannelCreate& input) const;
    std::vector<ContactChannel> List(const std::string& tenancy_id, const std::optional<std::string>& user_id,
                                     const std::optional<std::string>& channel_id) const;
    // 404 "Contact channel not found."
    ContactChannel Get(const std::string& tenancy_id, const std::string& user_id, const std::string& channel_id) const;
    // 400 "Contact channel not found" when missing.
    ContactChannel Update(const std::string& tenancy_id, const std::string& user_id, const std::string& channel_id,
                          const ContactChannelUpdate& input) const;
    void Delete(const std::string& tenancy_id, const std::string& user_id, const std::string& channel_id) const;

    // `user` is the signed-in caller; without it the user is looked up (400 USER_ID_DOES_NOT_EXIST).
    // The user's EMAIL channel must exist (404) and be unverified (409 EMAIL_ALREADY_VERIFIED).
    void SendVerificationCode(const TenancyView& tenancy, const std::string& user_id,
                              const std::optional<User>& user, const std::string& channel_id,
                              const std::string& callback_url) const;
    // The legacy route: the address is the user's primary email, already checked by the caller.
    void SendVerificationCodeForEmail(const TenancyView& tenancy, const std::string& user_id,
                                      const std::optional<std::string>& user_display_name, const std::string& email,
                                      const std::string& callback_url) const;

private:
    storage::Store& store_;
    const util::Clock& clock_;
    EmailVerification& verification_;
};

}  // namespace stackd::domain
