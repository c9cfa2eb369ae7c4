#include "domain/email_delivery_planner.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "domain/notification_categories.hpp"
#include "domain/user_repository.hpp"

namespace stackd::domain {
namespace {

using jobs::DeliveryPlan;
using nlohmann::json;

std::string RequiredText(const json& server, const char* key) {
    const auto found = server.find(key);
    if (found == server.end() || !found->is_string() || found->get<std::string>().empty()) {
        throw std::runtime_error(std::string("emails.server.") + key + " is not set");
    }
    return found->get<std::string>();
}

uint16_t RequiredPort(const json& server) {
    const auto found = server.find("port");
    if (found != server.end() && found->is_number_integer()) {
        const auto port = found->get<int64_t>();
        if (port > 0 && port < 65536) {
            return static_cast<uint16_t>(port);
        }
    }
    throw std::runtime_error("emails.server.port is not a valid port");
}

DeliveryPlan Skip(const std::string& reason) {
    DeliveryPlan plan;
    plan.action = DeliveryPlan::Action::kSkip;
    plan.skipped_reason = reason;
    return plan;
}

std::vector<std::string> Addresses(const json& to) {
    std::vector<std::string> addresses;
    if (to.contains("emails") && to["emails"].is_array()) {
        for (const auto& address : to["emails"]) {
            if (address.is_string()) {
                addresses.push_back(address.get<std::string>());
            }
        }
    }
    return addresses;
}

// Recipients of a user-bound email, or the reason it is skipped.
std::optional<std::string> UserRecipients(storage::Connection& db, const std::string& tenancy_id, const json& payload,
                                          const json& to, std::vector<std::string>& addresses) {
    const std::string user_id = to.value("user_id", "");
    const auto user = user_repository::Find(db, tenancy_id, user_id);
    if (!user) {
        return "USER_ACCOUNT_DELETED";
    }
    if (to.value("type", "") == "user-custom-emails") {
        addresses = Addresses(to);
    }
    if (addresses.empty()) {
        if (!user->primary_email) {
            return "USER_HAS_NO_PRIMARY_EMAIL";
        }
        addresses = {*user->primary_email};
    }
    const auto category_id = payload.find("notification_category_id");
    if (category_id != payload.end() && category_id->is_string()) {
        const auto category = FindNotificationCategoryById(category_id->get<std::string>());
        if (category && category->can_disable &&
            !notification_preferences::IsEnabled(db, tenancy_id, user_id, *category)) {
            return "USER_UNSUBSCRIBED";
        }
    }
    return std::nullopt;
}

// Upstream's Emailable check rejects this domain always (its test hook); without an
// Emailable key every other address passes, and stackd has no Emailable integration.
constexpr const char* kNotDeliverableTestDomain = "emailable-not-deliverable.example.com";

// The Emailable-shaped verdict upstream records for the test domain.
json TestUndeliverableResponse(const std::string& email) {
    const auto at = email.find('@');
    return {{"accept_all", false},   {"did_you_mean", nullptr},
            {"disposable", false},   {"domain", email.substr(at + 1)},
            {"duration", 0},         {"email", email},
            {"first_name", nullptr}, {"free", false},
            {"full_name", nullptr},  {"gender", nullptr},
            {"last_name", nullptr},  {"mailbox_full", false},
            {"mx_record", nullptr},  {"no_reply", false},
            {"reason", "test_domain_rejection"}, {"role", false},
            {"score", 0},            {"smtp_provider", nullptr},
            {"state", "undeliverable"}, {"tag", nullptr},
            {"user", email.substr(0, at)}};
}

// The first address that fails the deliverability check, if any.
std::optional<std::string> UndeliverableAddress(const std::vector<std::string>& addresses) {
    for (const auto& address : addresses) {
        const auto at = address.find('@');
        std::string domain = at == std::string::npos ? "" : address.substr(at + 1);
        std::transform(domain.begin(), domain.end(), domain.begin(), [](unsigned char c) { return std::tolower(c); });
        if (domain == kNotDeliverableTestDomain && address.find('@', at + 1) == std::string::npos && at > 0) {
            return address;
        }
    }
    return std::nullopt;
}

}  // namespace

ProjectEmailServer ResolveProjectEmailServer(const json& config, const std::string& project_display_name) {
    const json& server = config["emails"]["server"];
    ProjectEmailServer resolved;
    resolved.sender_name = project_display_name;
    if (!server.is_object() || server.value("isShared", true)) {
        return resolved;
    }
    jobs::SmtpSettings settings;
    if (server.value("provider", "smtp") == "managed") {
        settings.host = "smtp.resend.com";
        settings.port = 465;
        settings.secure = true;
        settings.username = "resend";
        settings.password = RequiredText(server, "password");
        settings.sender_email =
            RequiredText(server, "managedSenderLocalPart") + "@" + RequiredText(server, "managedSubdomain");
    } else {
        settings.host = RequiredText(server, "host");
        settings.port = RequiredPort(server);
        settings.username = RequiredText(server, "username");
        settings.password = RequiredText(server, "password");
        settings.sender_email = RequiredText(server, "senderEmail");
        resolved.sender_name = RequiredText(server, "senderName");
    }
    // Upstream uses implicit TLS only on these ports; elsewhere STARTTLS when offered.
    settings.secure = settings.port == 465 || settings.port == 2465;
    resolved.settings = settings;
    return resolved;
}

jobs::DeliveryPlan EmailDeliveryPlanner::Plan(const jobs::outbox::Item& item) const {
    const json& payload = item.payload;
    if (!payload.is_object() || !payload.contains("to") || !payload["to"].is_object()) {
        throw std::runtime_error("unreadable outbox payload");
    }
    const auto tenancy = store_.ReadValue([&](storage::Connection& db) {
        return db.QueryOne("SELECT project_id, branch_id FROM tenancies WHERE id = $1", {item.tenancy_id});
    });
    if (!tenancy) {
        throw std::runtime_error("the email's tenancy no longer exists");
    }
    const auto view = projects_.Find(tenancy->Text(0), tenancy->Text(1));
    if (!view) {
        throw std::runtime_error("the email's project no longer exists");
    }
    const json& to = payload["to"];
    DeliveryPlan plan;
    const std::string type = to.value("type", "");
    if (type == "custom-emails") {
        plan.to = Addresses(to);
        if (plan.to.empty()) {
            return Skip("NO_EMAIL_PROVIDED");
        }
    } else {
        const auto skipped = store_.ReadValue([&](storage::Connection& db) {
            return UserRecipients(db, item.tenancy_id, payload, to, plan.to);
        });
        if (skipped) {
            return Skip(*skipped);
        }
    }
    ProjectEmailServer server = ResolveProjectEmailServer((*view)->config, (*view)->project.display_name);
    // Only mail through the shared server is checked, and only when the row asks for it.
    if (!server.settings && !payload.value("skip_deliverability_check", false)) {
        if (const auto undeliverable = UndeliverableAddress(plan.to)) {
            DeliveryPlan skipped = Skip("LIKELY_NOT_DELIVERABLE");
            skipped.skipped_details = {{"emailableResponse", TestUndeliverableResponse(*undeliverable)},
                                       {"email", *undeliverable}};
            return skipped;
        }
    }
    plan.sender_name = server.sender_name;
    plan.server = std::move(server.settings);
    return plan;
}

}  // namespace stackd::domain
