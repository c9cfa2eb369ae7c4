#pragma once

#include <optional>
#include <string>

#include "jobs/svix_client.hpp"

namespace stackd::domain {

// The dashboard's side of webhooks (platform.md §3.3): a Svix app-portal token for managing
// a project's endpoints, and a test event to one endpoint. Endpoints themselves live in
// Svix, one application per project.
class WebhookPortal {
public:
    struct PortalAccess {
        std::string token;
        std::optional<std::string> url;  // only on hosted Svix (no STACK_SVIX_SERVER_URL)
    };
    struct TestResult {
        bool success = false;
        std::optional<std::string> error_message;
    };

    explicit WebhookPortal(const jobs::SvixClient& svix) : svix_(svix) {}

    // Get-or-creates the project's application, then asks Svix for app-portal access.
    PortalAccess Access(const std::string& project_id) const;
    // Sends stack.test and waits (3 checks, backing off) for a successful attempt on the
    // endpoint; failures are answers, not errors, as upstream.
    TestResult SendTest(const std::string& project_id, const std::string& endpoint_id) const;

private:
    // Svix not configured or not answering as expected: a plain-text 5xx.
    void RequireConfigured() const;
    void EnsureApplication(const std::string& project_id) const;

    const jobs::SvixClient& svix_;
};

}  // namespace stackd::domain
