#include "domain/email_outbox.hpp"

#include <spdlog/spdlog.h>

#include "domain/user_repository.hpp"
#include "jobs/outbox.hpp"

namespace stackd::domain {
namespace {

using nlohmann::json;

constexpr int64_t kUnsubscribeCodeLifetimeMs = 30LL * 24 * 60 * 60 * 1000;

constexpr const char* kEmailColumns =
    "tenancy_id, id, payload, status, next_attempt_at, created_at, updated_at, scheduled_at, is_paused, "
    "started_sending_at, finished_sending_at, skipped_reason, skipped_details, send_attempt_errors, render_error, "
    "last_error";

// OutboxDbStatus and OutboxDbSimpleStatus in SQL, for the list filters; `now` is the
// placeholder of the current time. Keep the three in step.
constexpr const char* kSimpleStatusSql =
    "(CASE WHEN skipped_reason IS NOT NULL THEN 'OK' WHEN render_error IS NOT NULL OR status = 'failed' THEN 'ERROR' "
    "WHEN status = 'sent' THEN 'OK' ELSE 'IN_PROGRESS' END)";

json ParseOr(const std::optional<std::string>& text, json fallback) {
    if (!text) {
        return fallback;
    }
    json parsed = json::parse(*text, nullptr, false);
    return parsed.is_discarded() ? fallback : parsed;
}

OutboxEmail ToEmail(const storage::Row& row) {
    OutboxEmail email;
    email.tenancy_id = row.Text(0);
    email.id = row.Text(1);
    email.payload = json::parse(row.Text(2), nullptr, false);
    if (!email.payload.is_object()) {
        email.payload = json::object();
    }
    email.state = row.Text(3);
    email.next_attempt_at_ms = row.Int(4);
    email.created_at_ms = row.Int(5);
    email.updated_at_ms = row.Int(6);
    email.scheduled_at_ms = row.OptInt(7);
    email.is_paused = row.Bool(8);
    email.started_sending_at_ms = row.OptInt(9);
    email.finished_sending_at_ms = row.OptInt(10);
    email.skipped_reason = row.OptText(11);
    email.skipped_details = ParseOr(row.OptText(12), json::object());
    email.send_attempt_errors = ParseOr(row.OptText(13), nullptr);
    email.render_error = row.OptText(14);
    email.last_error = row.OptText(15);
    return email;
}

std::optional<std::string> OptionalText(const json& object, const char* key) {
    const auto found = object.find(key);
    if (found == object.end() || !found->is_string()) {
        return std::nullopt;
    }
    return found->get<std::string>();
}

}  // namespace

std::string OutboxDbStatus(const OutboxEmail& email, int64_t now_ms) {
    if (email.is_paused) {
        return "PAUSED";
    }
    if (email.skipped_reason) {
        return "SKIPPED";
    }
    if (email.render_error) {
        return "RENDER_ERROR";
    }
    if (email.state == "pending") {
        return email.next_attempt_at_ms > now_ms ? "SCHEDULED" : "QUEUED";
    }
    if (email.state == "sending") {
        return "SENDING";
    }
    if (email.state == "failed") {
        return "SERVER_ERROR";
    }
    return "SENT";
}

std::string OutboxDbSimpleStatus(const OutboxEmail& email) {
    if (email.skipped_reason) {
        return "OK";
    }
    if (email.render_error || email.state == "failed") {
        return "ERROR";
    }
    return email.state == "sent" ? "OK" : "IN_PROGRESS";
}

EmailContent EmailOutboxWriter::ContentOf(const json& payload) {
    EmailContent content;
    content.tsx_source = payload.value("tsx_source", "");
    content.template_id = OptionalText(payload, "template_id");
    content.variables = payload.contains("variables") && payload["variables"].is_object() ? payload["variables"]
                                                                                          : json::object();
    content.theme_id = OptionalText(payload, "theme_id");
    content.override_subject = OptionalText(payload, "override_subject");
    content.override_notification_category_id = OptionalText(payload, "override_notification_category_id");
    return content;
}

json EmailOutboxWriter::PayloadOf(const NewOutboxEmail& email) {
    const EmailContent& content = email.content;
    auto optional = [](const std::optional<std::string>& value) { return value ? json(*value) : json(nullptr); };
    json payload = {
        {"to", email.to},
        {"tsx_source", content.tsx_source},
        {"template_id", optional(content.template_id)},
        {"variables", content.variables},
        {"theme_id", optional(content.theme_id)},
        {"override_subject", optional(content.override_subject)},
        {"override_notification_category_id", optional(content.override_notification_category_id)},
        {"is_high_priority", email.is_high_priority},
        {"skip_deliverability_check", email.skip_deliverability_check},
        {"created_with", "programmatic-call"},
    };
    if (email.template_name) {
        payload["template"] = *email.template_name;
    }
    if (email.user_display_name) {
        payload["user_display_name"] = *email.user_display_name;
    }
    return payload;
}

std::optional<std::string> EmailOutboxWriter::Render(storage::Connection& db, const TenancyView& tenancy,
                                                     json& payload) const {
    const json& to = payload["to"];
    const auto user_id = OptionalText(to, "user_id");
    // The flows that know the recipient's name pass it; otherwise the user's current one.
    std::optional<std::string> user_display_name = OptionalText(payload, "user_display_name");
    if (user_id && !user_display_name) {
        if (const auto user = user_repository::Find(db, tenancy.tenancy->id, *user_id)) {
            user_display_name = user->display_name;
        }
    }
    const UnsubscribeLinkFactory unsubscribe_link = [&](const NotificationCategory& category) {
        std::optional<std::string> link;
        if (user_id) {
            const auto issued = codes_.CreateIn(db, tenancy.tenancy->id, tenancy.config, CodeType::kOneTimePassword,
                                                json::object(),
                                                {{"user_id", *user_id}, {"notification_category_id", category.id}},
                                                std::nullopt, kUnsubscribeCodeLifetimeMs);
            link = api_base_url_ + "/api/v1/emails/unsubscribe-link?code=" + issued.code.code;
        }
        return link;
    };
    const int64_t now = clock_.NowMillis();
    const RenderResult result =
        RenderEmailContent(ContentOf(payload), tenancy.project.display_name, user_display_name, unsubscribe_link);
    for (const char* key : {"subject", "html", "text", "loggable_subject", "notification_category_id",
                            "is_transactional", "rendered_at"}) {
        payload.erase(key);
    }
    payload["started_rendering_at"] = now;
    payload["rendered_at"] = now;
    if (!result.rendered) {
        return result.error;
    }
    const RenderedContent& rendered = *result.rendered;
    payload["subject"] = rendered.subject;
    payload["loggable_subject"] = rendered.loggable_subject;
    payload["html"] = rendered.html;
    payload["text"] = rendered.text;
    payload["notification_category_id"] =
        rendered.notification_category_id ? json(*rendered.notification_category_id) : json(nullptr);
    payload["is_transactional"] = rendered.is_transactional;
    return std::nullopt;
}

std::string EmailOutboxWriter::Enqueue(storage::Connection& db, const TenancyView& tenancy,
                                       const NewOutboxEmail& email) const {
    json payload = PayloadOf(email);
    const std::optional<std::string> render_error = Render(db, tenancy, payload);
    const int64_t now = clock_.NowMillis();
    const std::string id =
        jobs::outbox::Enqueue(db, tenancy.tenancy->id, jobs::outbox::Kind::kEmail, payload, now);
    const int64_t scheduled_at = email.scheduled_at_ms.value_or(now);
    const bool shared = tenancy.config["emails"]["server"].value("isShared", true);
    db.Execute(
        "UPDATE outbox SET scheduled_at = $3, next_attempt_at = $3, uses_shared_server = $4, render_error = $5 "
        "WHERE tenancy_id = $1 AND id = $2",
        {tenancy.tenancy->id, id, scheduled_at, int64_t{shared ? 1 : 0},
         render_error ? storage::Value(*render_error) : storage::Null()});
    // Only id, recipient and subject (OTPs masked): the body holds codes and links.
    std::string recipient = payload["to"].value("user_id", "");
    if (payload["to"].contains("emails") && payload["to"]["emails"].is_array()) {
        for (const auto& address : payload["to"]["emails"]) {
            recipient += (recipient.empty() ? "" : ", ") + (address.is_string() ? address.get<std::string>() : "");
        }
    }
    spdlog::info("email {} to {} queued: {}", id, recipient, payload.value("loggable_subject", ""));
    return id;
}

namespace email_outbox_repository {

std::string StatusSql(const std::string& now) {
    return "(CASE WHEN is_paused = 1 THEN 'PAUSED' WHEN skipped_reason IS NOT NULL THEN 'SKIPPED' "
           "WHEN render_error IS NOT NULL THEN 'RENDER_ERROR' "
           "WHEN status = 'pending' AND next_attempt_at > " +
           now +
           " THEN 'SCHEDULED' WHEN status = 'pending' THEN 'QUEUED' WHEN status = 'sending' THEN 'SENDING' "
           "WHEN status = 'failed' THEN 'SERVER_ERROR' ELSE 'SENT' END)";
}

Page List(storage::Connection& db, const std::string& tenancy_id, const ListQuery& query, int64_t now_ms) {
    std::string sql = std::string("SELECT ") + kEmailColumns + " FROM outbox WHERE tenancy_id = $1 AND kind = 'email'";
    storage::Params params = {tenancy_id};
    auto bind = [&](storage::Value value) {
        params.push_back(std::move(value));
        return "$" + std::to_string(params.size());
    };
    if (query.cursor) {
        const auto cursor = db.QueryOne(
            "SELECT created_at FROM outbox WHERE tenancy_id = $1 AND id = $2 AND kind = 'email'",
            {tenancy_id, *query.cursor});
        if (!cursor) {
            return {};
        }
        const std::string created = bind(cursor->Int(0));
        sql += " AND (created_at < " + created + " OR (created_at = " + created + " AND id >= " +
               bind(*query.cursor) + "))";
    }
    if (query.db_status) {
        const std::string status = bind(*query.db_status);
        sql += " AND " + StatusSql(bind(now_ms)) + " = " + status;
    }
    if (query.db_simple_status) {
        sql += std::string(" AND ") + kSimpleStatusSql + " = " + bind(*query.db_simple_status);
    }
    sql += " ORDER BY created_at DESC, id ASC LIMIT " + bind(query.limit + 1);
    Page page;
    for (const auto& row : db.Query(sql, params)) {
        page.items.push_back(ToEmail(row));
    }
    if (static_cast<int64_t>(page.items.size()) > query.limit) {
        page.next_cursor = page.items.back().id;
        page.items.pop_back();
    }
    return page;
}

std::optional<OutboxEmail> Find(storage::Connection& db, const std::string& tenancy_id, const std::string& id) {
    const auto row = db.QueryOne(std::string("SELECT ") + kEmailColumns +
                                     " FROM outbox WHERE tenancy_id = $1 AND id = $2 AND kind = 'email'",
                                 {tenancy_id, id});
    if (!row) {
        return std::nullopt;
    }
    return ToEmail(*row);
}

}  // namespace email_outbox_repository
}  // namespace stackd::domain
