#include "domain/notification_preference_service.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "domain/user_repository.hpp"
#include "domain/verification_codes.hpp"
#include "errors/known_error.hpp"

namespace stackd::domain {
namespace {

using errors::ErrorCode;
using errors::KnownError;

void RequireUser(storage::Connection& db, const std::string& tenancy_id, const std::string& user_id) {
    if (!user_repository::Find(db, tenancy_id, user_id)) {
        throw KnownError(ErrorCode::kUserNotFound);
    }
}

}  // namespace

std::vector<NotificationPreference> NotificationPreferenceService::List(const std::string& tenancy_id,
                                                                        const std::string& user_id) const {
    return store_.ReadValue([&](storage::Connection& db) {
        RequireUser(db, tenancy_id, user_id);
        std::vector<NotificationPreference> preferences;
        for (const auto& category : NotificationCategories()) {
            preferences.push_back({category, notification_preferences::IsEnabled(db, tenancy_id, user_id, category)});
        }
        return preferences;
    });
}

NotificationPreference NotificationPreferenceService::Set(const std::string& tenancy_id, const std::string& user_id,
                                                          const NotificationCategory& category, bool enabled) const {
    return store_.WriteValue([&](storage::Connection& db) {
        RequireUser(db, tenancy_id, user_id);
        notification_preferences::Set(db, tenancy_id, user_id, category.id, enabled, clock_.NowMillis());
        return NotificationPreference{category, enabled};
    });
}

UnsubscribeOutcome NotificationPreferenceService::Unsubscribe(const std::string& raw_code) const {
    std::string code = raw_code;
    std::transform(code.begin(), code.end(), code.begin(), [](unsigned char c) { return std::tolower(c); });
    return store_.WriteValue([&](storage::Connection& db) {
        const auto row = db.QueryOne(
            "SELECT tenancy_id, id, expires_at, used_at, data FROM verification_codes WHERE code = $1 AND type = $2 "
            "ORDER BY created_at LIMIT 1",
            {code, std::string(CodeTypeName(CodeType::kOneTimePassword))});
        const int64_t now = clock_.NowMillis();
        if (!row) {
            throw KnownError(ErrorCode::kVerificationCodeNotFound);
        }
        if (row->Int(2) < now) {
            throw KnownError(ErrorCode::kVerificationCodeExpired);
        }
        if (row->OptInt(3)) {
            return UnsubscribeOutcome::kAlreadyUnsubscribed;
        }
        const std::string tenancy_id = row->Text(0);
        db.Execute("UPDATE verification_codes SET used_at = $3 WHERE tenancy_id = $1 AND id = $2",
                   {tenancy_id, row->Text(1), now});
        const auto data = nlohmann::json::parse(row->Text(4), nullptr, false);
        const std::string user_id = data.is_object() ? data.value("user_id", "") : "";
        const std::string category_id = data.is_object() ? data.value("notification_category_id", "") : "";
        // A user deleted since the email was sent has no preference left to store.
        if (!user_id.empty() && !category_id.empty() && user_repository::Find(db, tenancy_id, user_id)) {
            notification_preferences::Set(db, tenancy_id, user_id, category_id, false, now);
        }
        return UnsubscribeOutcome::kUnsubscribed;
    });
}

}  // namespace stackd::domain
