#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "domain/projects.hpp"
#include "jobs/email_delivery.hpp"
#include "storage/store.hpp"

namespace stackd::domain {

// The SMTP server a project's mail goes through (platform.md §2.3): nullopt for the shared
// server (STACK_EMAIL_*), else the managed (Resend) or custom server of `emails.server`.
// Throws std::runtime_error when a custom server's config is incomplete.
struct ProjectEmailServer {
    std::optional<jobs::SmtpSettings> settings;
    std::string sender_name;
};
ProjectEmailServer ResolveProjectEmailServer(const nlohmann::json& config, const std::string& project_display_name);

// Decides, at send time, where and to whom an outbox email goes, or why it is skipped:
// the recipient user was deleted, has no primary email, no address was given, or the user
// turned the email's notification category off.
class EmailDeliveryPlanner final : public jobs::EmailDeliveryPlanner {
public:
    EmailDeliveryPlanner(storage::Store& store, ProjectService& projects) : store_(store), projects_(projects) {}

    jobs::DeliveryPlan Plan(const jobs::outbox::Item& item) const override;

private:
    storage::Store& store_;
    ProjectService& projects_;
};

}  // namespace stackd::domain
