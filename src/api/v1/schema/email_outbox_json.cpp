#include "api/v1/schema/email_outbox_json.hpp"

#include <algorithm>
#include <cctype>

namespace stackd::api::v1::schema {
namespace {

using nlohmann::json;

json Nullable(const json& payload, const char* key) {
    const auto found = payload.find(key);
    return found == payload.end() ? json(nullptr) : *found;
}

// DB enum → API string: lower case, '_' → '-'.
std::string DbStatusToApi(std::string status) {
    std::transform(status.begin(), status.end(), status.begin(), [](unsigned char c) {
        return c == '_' ? '-' : static_cast<char>(std::tolower(c));
    });
    return status;
}

json Base(const domain::OutboxEmail& email) {
    const json& payload = email.payload;
    const json attempts = email.send_attempt_errors.is_array() ? email.send_attempt_errors : json(nullptr);
    const int64_t retries = attempts.is_array() ? static_cast<int64_t>(attempts.size()) : 0;
    json to = payload.contains("to") ? payload["to"] : json::object();
    return {
        {"id", email.id},
        {"created_at_millis", email.created_at_ms},
        {"updated_at_millis", email.updated_at_ms},
        {"tsx_source", payload.value("tsx_source", "")},
        {"theme_id", Nullable(payload, "theme_id")},
        {"to", to},
        {"variables", payload.contains("variables") && payload["variables"].is_object() ? payload["variables"]
                                                                                        : json::object()},
        {"skip_deliverability_check", payload.value("skip_deliverability_check", false)},
        {"scheduled_at_millis", email.ScheduledAt()},
        {"created_with", payload.value("created_with", "programmatic-call")},
        {"email_draft_id", nullptr},
        {"email_programmatic_call_template_id", Nullable(payload, "template_id")},
        {"send_retries", retries},
        {"next_send_retry_at_millis",
         retries > 0 && email.state == "pending" ? json(email.next_attempt_at_ms) : json(nullptr)},
        {"send_attempt_errors", attempts},
        {"is_paused", false},
        {"has_rendered", false},
        {"has_delivered", false},
    };
}

bool HasRendered(const domain::OutboxEmail& email) {
    return !email.render_error && email.payload.contains("html");
}

void AddRendered(const domain::OutboxEmail& email, json& out) {
    const json& payload = email.payload;
    const int64_t rendered_at = payload.value("rendered_at", email.created_at_ms);
    out["started_rendering_at_millis"] = payload.value("started_rendering_at", rendered_at);
    out["rendered_at_millis"] = rendered_at;
    out["subject"] = payload.value("subject", "");
    out["html"] = Nullable(payload, "html");
    out["text"] = Nullable(payload, "text");
    out["is_transactional"] = payload.value("is_transactional", false);
    out["is_high_priority"] = payload.value("is_high_priority", false);
    out["notification_category_id"] = Nullable(payload, "notification_category_id");
    out["has_rendered"] = true;
}

json OptionalMillis(const std::optional<int64_t>& value) { return value ? json(*value) : json(nullptr); }

}  // namespace

std::optional<int64_t> TimestampMillis(const json& value) {
    constexpr double kMaxDateMs = 8.64e15;
    if (!value.is_number()) {
        return std::nullopt;
    }
    const double ms = value.get<double>();
    if (!(ms >= -kMaxDateMs && ms <= kMaxDateMs)) {  // also rejects NaN
        return std::nullopt;
    }
    return static_cast<int64_t>(ms);
}

std::string ApiStatusToDb(const std::string& api_status) {
    std::string status = api_status;
    std::transform(status.begin(), status.end(), status.begin(), [](unsigned char c) {
        return c == '-' ? '_' : static_cast<char>(std::toupper(c));
    });
    return status;
}

json OutboxEmailToJson(const domain::OutboxEmail& email, int64_t now_ms) {
    const std::string status = domain::OutboxDbStatus(email, now_ms);
    json out = Base(email);
    out["status"] = DbStatusToApi(status);
    if (status == "PAUSED") {
        out["simple_status"] = "in-progress";
        out["is_paused"] = true;
        return out;
    }
    if (status == "SKIPPED") {
        if (HasRendered(email)) {
            AddRendered(email, out);
        }
        out["simple_status"] = "ok";
        out["skipped_at_millis"] = email.updated_at_ms;
        out["skipped_reason"] = email.skipped_reason.value_or("UNKNOWN");
        out["skipped_details"] = email.skipped_details.is_object() ? email.skipped_details : json::object();
        if (email.started_sending_at_ms) {
            out["started_sending_at_millis"] = *email.started_sending_at_ms;
        }
        return out;
    }
    if (status == "RENDER_ERROR") {
        const int64_t rendered_at = email.payload.value("rendered_at", email.created_at_ms);
        out["simple_status"] = "error";
        out["started_rendering_at_millis"] = email.payload.value("started_rendering_at", rendered_at);
        out["rendered_at_millis"] = rendered_at;
        out["render_error"] = *email.render_error;
        return out;
    }
    AddRendered(email, out);
    if (status == "SCHEDULED" || status == "QUEUED") {
        out["simple_status"] = "in-progress";
        return out;
    }
    out["started_sending_at_millis"] = OptionalMillis(email.started_sending_at_ms);
    if (status == "SENDING") {
        out["simple_status"] = "in-progress";
        return out;
    }
    if (status == "SERVER_ERROR") {
        out["simple_status"] = "error";
        out["error_at_millis"] = OptionalMillis(email.finished_sending_at_ms);
        out["server_error"] = email.last_error.value_or("Unknown send error");
        return out;
    }
    out["simple_status"] = "ok";
    out["delivered_at_millis"] = OptionalMillis(email.finished_sending_at_ms);
    out["has_delivered"] = true;
    out["can_have_delivery_info"] = false;
    return out;
}

}  // namespace stackd::api::v1::schema
