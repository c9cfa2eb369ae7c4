#include "domain/sign_in_invitations.hpp"

#include "domain/redirect_urls.hpp"
#include "errors/known_error.hpp"

namespace stackd::domain {

void SignInInvitations::Send(const TenancyView& tenancy, const std::string& email,
                             const std::string& callback_url) const {
    if (!IsRedirectUrlTrusted(callback_url, tenancy.config)) {
        throw errors::KnownError(errors::ErrorCode::kRedirectUrlNotWhitelisted);
    }
    EmailRequest request;
    request.email_template = EmailTemplate::kSignInInvitation;
    request.to = email;
    // Upstream fills the template's team name with the project's name.
    request.variables = {{"signInInvitationLink", callback_url}, {"teamDisplayName", tenancy.project.display_name}};
    store_.Write([&](storage::Connection& db) { emails_.EnqueueIn(db, tenancy, request); });
}

}  // namespace stackd::domain
