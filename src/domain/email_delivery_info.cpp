#include "domain/email_delivery_info.hpp"

#include <algorithm>

#include "errors/known_error.hpp"
#include "util/clock.hpp"

namespace stackd::domain {
namespace {

constexpr int64_t kHourMs = 60LL * 60 * 1000;
constexpr int64_t kBoostDurationMs = 4 * kHourMs;
constexpr double kBoostMultiplier = 4;

std::optional<int64_t> BoostExpiresAt(storage::Connection& db, const std::string& tenancy_id) {
    const auto row = db.QueryOne("SELECT email_capacity_boost_expires_at FROM tenancies WHERE id = $1", {tenancy_id});
    return row ? row->OptInt(0) : std::nullopt;
}

}  // namespace

double EmailDeliveryInfoService::PenaltyFactor(const EmailWindowStats& stats) {
    if (stats.sent == 0) {
        return 1;
    }
    const double failure_rate =
        static_cast<double>(stats.bounced + 50 * stats.marked_as_spam) / static_cast<double>(stats.sent);
    return std::clamp(1 - failure_rate, 0.1, 1.0);
}

EmailDeliveryInfo EmailDeliveryInfoService::Get(const std::string& tenancy_id) const {
    const int64_t now = clock_.NowMillis();
    EmailDeliveryInfo info;
    store_.Read([&](storage::Connection& db) {
        // Sent: finished without a server error and not skipped.
        const auto row = db.QueryOne(
            "SELECT COALESCE(SUM(CASE WHEN finished_sending_at >= $2 THEN 1 ELSE 0 END), 0), "
            "COALESCE(SUM(CASE WHEN finished_sending_at >= $3 THEN 1 ELSE 0 END), 0), "
            "COALESCE(SUM(CASE WHEN finished_sending_at >= $4 THEN 1 ELSE 0 END), 0), "
            "COALESCE(SUM(CASE WHEN finished_sending_at >= $5 THEN 1 ELSE 0 END), 0) "
            "FROM outbox WHERE tenancy_id = $1 AND kind = 'email' AND status = 'sent'",
            {tenancy_id, now - kHourMs, now - 24 * kHourMs, now - 7 * 24 * kHourMs, now - 30 * 24 * kHourMs});
        info.hour.sent = row->Int(0);
        info.day.sent = row->Int(1);
        info.week.sent = row->Int(2);
        info.month.sent = row->Int(3);
        info.boost_expires_at_ms = BoostExpiresAt(db, tenancy_id);
    });
    info.is_boost_active = info.boost_expires_at_ms && *info.boost_expires_at_ms > now;
    info.boost_multiplier = info.is_boost_active ? kBoostMultiplier : 1;
    info.penalty_factor = std::min({PenaltyFactor(info.week), PenaltyFactor(info.day), PenaltyFactor(info.hour)});
    // Default capacity plus 4x last month's average hourly throughput, never below a quarter
    // of the default.
    const double baseline =
        default_capacity_per_hour_ + 4.0 * static_cast<double>(info.month.sent) / 30.0 / 24.0;
    const double per_hour = std::max(baseline * info.penalty_factor, default_capacity_per_hour_ / 4.0);
    info.rate_per_second = per_hour / 60.0 / 60.0 * info.boost_multiplier;
    return info;
}

int64_t EmailDeliveryInfoService::ActivateBoost(const std::string& tenancy_id) const {
    return store_.WriteValue([&](storage::Connection& db) {
        const int64_t now = clock_.NowMillis();
        const int64_t expires_at = now + kBoostDurationMs;
        // Conditional, so two concurrent activations cannot both succeed.
        const auto changed = db.Execute(
            "UPDATE tenancies SET email_capacity_boost_expires_at = $2 WHERE id = $1 AND "
            "(email_capacity_boost_expires_at IS NULL OR email_capacity_boost_expires_at <= $3)",
            {tenancy_id, expires_at, now});
        if (changed != 1) {
            const std::string active_until = util::FormatIso8601(BoostExpiresAt(db, tenancy_id).value_or(now));
            throw errors::KnownError::Formatted(errors::ErrorCode::kEmailCapacityBoostAlreadyActive,
                                                {{"expires_at", active_until}}, active_until);
        }
        return expires_at;
    });
}

}  // namespace stackd::domain
