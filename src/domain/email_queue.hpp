#pragma once

#include <map>
#include <optional>
#include <string>

#include "domain/email_outbox.hpp"
#include "domain/email_templates.hpp"
#include "domain/projects.hpp"
#include "storage/store.hpp"

namespace stackd::domain {

// One email for one recipient address, as the auth flows send them.
struct EmailRequest {
    EmailTemplate email_template = EmailTemplate::kEmailVerification;
    std::string to;                      // the address exactly as the flow has it
    std::optional<std::string> user_id;  // user-custom-emails when set, custom-emails otherwise
    std::optional<std::string> user_display_name;
    std::map<std::string, std::string> variables;
    // Upstream checks deliverability only for the sign-up verification mail (platform.md §2.6).
    bool skip_deliverability_check = true;
};

// Writes default-template emails to the outbox in the caller's transaction, so an email
// exists iff the change that caused it committed: high priority, due now, the project's
// selected theme, as upstream's sendEmailFromDefaultTemplate. The email worker delivers them.
class EmailQueue {
public:
    explicit EmailQueue(const EmailOutboxWriter& writer) : writer_(writer) {}

    // Returns the outbox id.
    std::string EnqueueIn(storage::Connection& db, const TenancyView& tenancy, const EmailRequest& request) const;

private:
    const EmailOutboxWriter& writer_;
};

}  // namespace stackd::domain
