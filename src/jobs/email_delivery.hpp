#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "jobs/outbox.hpp"
#include "jobs/smtp_sender.hpp"

namespace stackd::jobs {

// What to do with one claimed email, decided at send time from the project's config and
// the recipient's current state (platform.md §2.2 step 6, §2.3).
struct DeliveryPlan {
    enum class Action {
        kSend,
        kSkip,           // never sent: `skipped_reason`, `skipped_details`
        kWaitForServer,  // the project uses the shared server and none is configured
    };
    Action action = Action::kSend;
    std::vector<std::string> to;
    std::string sender_name;
    std::optional<SmtpSettings> server;  // nullopt: the server-wide (shared) SMTP server
    std::string skipped_reason;
    nlohmann::json skipped_details = nlohmann::json::object();
};

// Implemented by the domain layer, which knows projects, users and preferences. Throws
// when the plan cannot be made (e.g. an incomplete custom SMTP config).
class EmailDeliveryPlanner {
public:
    virtual ~EmailDeliveryPlanner() = default;
    virtual DeliveryPlan Plan(const outbox::Item& item) const = 0;
};

}  // namespace stackd::jobs
