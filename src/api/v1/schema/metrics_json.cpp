#include "api/v1/schema/metrics_json.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "wire/user_json.hpp"
#include "domain/outbox_email_status.hpp"

namespace stackd::api::v1::schema {
namespace {

using domain::DailyCounts;
using domain::Metrics;
using domain::MetricsWindow;
using Simple = domain::OutboxEmailStatus::Simple;

// JavaScript prints integral numbers without a fraction: 0, not 0.0.
nlohmann::json JsNumber(double value) {
    if (std::trunc(value) == value && std::fabs(value) < 9e15) {
        return static_cast<int64_t>(value);
    }
    return value;
}

// Number(x.toFixed(2)) of a percentage: min(count / max(denominator, 1), 1) × 100.
nlohmann::json Percentage(int64_t count, int64_t denominator) {
    const double ratio =
        std::min(static_cast<double>(count) / static_cast<double>(std::max<int64_t>(denominator, 1)), 1.0);
    return JsNumber(std::round(ratio * 100.0 * 100.0) / 100.0);
}

nlohmann::json Series(const MetricsWindow& window, const DailyCounts& counts) {
    nlohmann::json points = nlohmann::json::array();
    for (int64_t index = 0; index < MetricsWindow::kDays; ++index) {
        points.push_back({{"date", window.DateOf(index)}, {"activity", counts[static_cast<size_t>(index)]}});
    }
    return points;
}

nlohmann::json Split(const MetricsWindow& window, const domain::ActivitySplit& split) {
    return {{"total", Series(window, split.total)},
            {"new", Series(window, split.new_entities)},
            {"retained", Series(window, split.retained)},
            {"reactivated", Series(window, split.reactivated)}};
}

nlohmann::json AuthOverview(const Metrics& metrics, int64_t total_users_filtered) {
    const int64_t non_anonymous = metrics.users.total - metrics.users.anonymous;
    return {{"verified_users", metrics.users.verified_non_anonymous},
            {"unverified_users", non_anonymous - metrics.users.verified_non_anonymous},
            {"anonymous_users", metrics.users.anonymous},
            {"total_teams", metrics.total_teams},
            {"mau", metrics.monthly_active_users},
            {"daily_active_users_split", Split(metrics.window, metrics.active_users)},
            {"daily_active_teams_split", Split(metrics.window, metrics.active_teams)},
            {"total_users_filtered", total_users_filtered}};
}

// stackd has no payments (no subscriptions, purchases or invoices): these are exactly the
// values upstream returns for a project that has none.
nlohmann::json PaymentsOverview(const MetricsWindow& window) {
    return {{"subscriptions_by_status", nlohmann::json::object()},
            {"active_subscription_count", 0},
            {"total_one_time_purchases", 0},
            {"daily_subscriptions", Series(window, domain::ZeroDays())},
            {"revenue_cents", 0},
            {"mrr_cents", 0},
            {"total_orders", 0},
            {"checkout_conversion_rate", 0}};
}

nlohmann::json EmailOverview(const Metrics& metrics) {
    const auto& emails = metrics.emails;
    const MetricsWindow& window = metrics.window;
    int64_t by_simple[3] = {0, 0, 0};  // indexed by Simple
    int64_t finished_sending = 0;
    for (const auto& entry : emails.by_status) {
        const auto status = domain::DescribeOutboxEmailStatus(entry.db_status);
        by_simple[static_cast<int>(status.simple)] += entry.count;
        if (status.finished_sending) {
            finished_sending += entry.count;
        }
    }
    // Only buckets that have emails, as upstream's groupBy.
    nlohmann::json by_status = nlohmann::json::object();
    int64_t total = 0;
    for (const Simple simple : {Simple::kOk, Simple::kError, Simple::kInProgress}) {
        const int64_t count = by_simple[static_cast<int>(simple)];
        if (count > 0) {
            by_status[domain::SimpleStatusName(simple)] = count;
            total += count;
        }
    }

    DailyCounts daily = domain::ZeroDays();
    std::vector<std::array<int64_t, 3>> daily_by_simple(static_cast<size_t>(MetricsWindow::kDays), {0, 0, 0});
    for (const auto& entry : emails.daily_by_status) {
        const auto status = domain::DescribeOutboxEmailStatus(entry.db_status);
        const auto day = static_cast<size_t>(entry.day_index);
        daily[day] += entry.count;
        daily_by_simple[day][static_cast<size_t>(status.simple)] += entry.count;
    }
    nlohmann::json daily_breakdown = nlohmann::json::array();
    for (int64_t index = 0; index < MetricsWindow::kDays; ++index) {
        const auto& counts = daily_by_simple[static_cast<size_t>(index)];
        daily_breakdown.push_back({{"date", window.DateOf(index)},
                                   {"ok", counts[static_cast<size_t>(Simple::kOk)]},
                                   {"error", counts[static_cast<size_t>(Simple::kError)]},
                                   {"in_progress", counts[static_cast<size_t>(Simple::kInProgress)]}});
    }

    nlohmann::json recent = nlohmann::json::array();
    for (const auto& email : emails.recent) {
        recent.push_back({{"id", email.id},
                          {"status", domain::DescribeOutboxEmailStatus(email.db_status).db_status},
                          {"subject", email.subject.value_or("(no subject)")},
                          {"created_at_millis", email.created_at_ms}});
    }

    // stackd (like upstream in this version) has no delivery tracking from the mail
    // provider, so no email is known to be delivered, bounced or clicked.
    const int64_t delivered = 0;
    const int64_t bounced = 0;
    const int64_t clicked = 0;
    return {{"emails_by_status", by_status},
            {"total_emails", total},
            {"daily_emails", Series(window, daily)},
            {"daily_emails_by_status", daily_breakdown},
            {"emails_sent", finished_sending},
            {"recent_emails", recent},
            {"deliverability_status",
             {{"delivered", delivered},
              {"bounced", bounced},
              {"error", by_simple[static_cast<int>(Simple::kError)]},
              {"in_progress", by_simple[static_cast<int>(Simple::kInProgress)]}}},
            {"deliverability_rate", Percentage(delivered, finished_sending)},
            {"bounce_rate", Percentage(bounced, finished_sending)},
            {"click_rate", Percentage(clicked, finished_sending)}};
}

nlohmann::json AnalyticsOverview(const Metrics& metrics) {
    const MetricsWindow& window = metrics.window;
    const auto& pages = metrics.pages;
    nlohmann::json referrers = nlohmann::json::array();
    for (const auto& referrer : pages.top_referrers) {
        referrers.push_back(
            {{"referrer", referrer.name.empty() ? "(direct)" : referrer.name}, {"visitors", referrer.count}});
    }
    nlohmann::json top_region = nullptr;
    if (metrics.top_region) {
        const auto optional_text = [](const std::optional<std::string>& text) {
            return text ? nlohmann::json(*text) : nlohmann::json(nullptr);
        };
        top_region = {{"country_code", optional_text(metrics.top_region->country_code)},
                      {"region_code", optional_text(metrics.top_region->region_code)},
                      {"count", metrics.top_region->users}};
    }
    // stackd has no payments and no session replays: revenue, replay and session-length
    // fields are upstream's values for a project with none of either.
    nlohmann::json daily_revenue = nlohmann::json::array();
    for (int64_t index = 0; index < MetricsWindow::kDays; ++index) {
        daily_revenue.push_back({{"date", window.DateOf(index)}, {"new_cents", 0}, {"refund_cents", 0}});
    }
    return {{"daily_page_views", Series(window, pages.page_views)},
            {"daily_clicks", Series(window, pages.clicks)},
            {"daily_visitors", Series(window, pages.visitors)},
            {"daily_revenue", daily_revenue},
            {"total_revenue_cents", 0},
            {"total_replays", 0},
            {"recent_replays", 0},
            {"visitors", pages.total_visitors},
            {"avg_session_seconds", 0},
            {"online_live", metrics.online_users},
            {"revenue_per_visitor", 0},
            {"top_referrers", referrers},
            {"top_region", top_region}};
}

nlohmann::json Users(const std::vector<domain::User>& users, bool require_email_verification) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& user : users) {
        items.push_back(wire::UserToJson(user, domain::AccessType::kAdmin, require_email_verification));
    }
    return items;
}

}  // namespace

nlohmann::json MetricsToJson(const Metrics& metrics, bool require_email_verification) {
    const int64_t total_users_filtered =
        metrics.include_anonymous ? metrics.users.total : metrics.users.total - metrics.users.anonymous;
    nlohmann::json countries = nlohmann::json::object();
    for (const auto& [country, users] : metrics.users_by_country) {
        countries[country] = users;
    }
    nlohmann::json login_methods = nlohmann::json::array();
    for (const auto& method : metrics.login_methods) {
        login_methods.push_back({{"method", method.name}, {"count", method.count}});
    }
    return {{"total_users", total_users_filtered},
            {"daily_users", Series(metrics.window, metrics.daily_sign_ups)},
            {"daily_active_users", Series(metrics.window, metrics.active_users.total)},
            {"users_by_country", countries},
            {"recently_registered", Users(metrics.recently_registered, require_email_verification)},
            {"recently_active", Users(metrics.recently_active, require_email_verification)},
            {"login_methods", login_methods},
            {"auth_overview", AuthOverview(metrics, total_users_filtered)},
            {"payments_overview", PaymentsOverview(metrics.window)},
            {"email_overview", EmailOverview(metrics)},
            {"analytics_overview", AnalyticsOverview(metrics)}};
}

}  // namespace stackd::api::v1::schema
