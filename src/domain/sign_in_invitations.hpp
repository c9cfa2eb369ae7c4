#pragma once

#include <string>

#include "domain/email_queue.hpp"
#include "domain/projects.hpp"
#include "storage/store.hpp"

namespace stackd::domain {

// POST /internal/send-sign-in-invitation: mails the sign-in invitation template to an
// address, linking to the (trusted) callback URL as given, with no code.
class SignInInvitations {
public:
    SignInInvitations(storage::Store& store, const EmailQueue& emails) : store_(store), emails_(emails) {}

    // REDIRECT_URL_NOT_WHITELISTED for an untrusted callback URL.
    void Send(const TenancyView& tenancy, const std::string& email, const std::string& callback_url) const;

private:
    storage::Store& store_;
    const EmailQueue& emails_;
};

}  // namespace stackd::domain
