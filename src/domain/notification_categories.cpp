#include "domain/notification_categories.hpp"

namespace stackd::domain {

const std::vector<NotificationCategory>& NotificationCategories() {
    static const std::vector<NotificationCategory> kCategories = {
        {"7bb82d33-2f54-4a3d-9d23-82739e0d66ef", "Transactional", true, false},
        {"4f6f8873-3d04-46bd-8bef-18338b1a1b4c", "Marketing", true, true},
    };
    return kCategories;
}

std::optional<NotificationCategory> FindNotificationCategoryById(const std::string& id) {
    for (const auto& category : NotificationCategories()) {
        if (id == category.id) {
            return category;
        }
    }
    return std::nullopt;
}

std::optional<NotificationCategory> FindNotificationCategoryByName(const std::string& name) {
    for (const auto& category : NotificationCategories()) {
        if (name == category.name) {
            return category;
        }
    }
    return std::nullopt;
}

const NotificationCategory& TransactionalCategory() { return NotificationCategories().front(); }

namespace notification_preferences {

bool IsEnabled(storage::Connection& db, const std::string& tenancy_id, const std::string& user_id,
               const NotificationCategory& category) {
    const auto row = db.QueryOne(
        "SELECT enabled FROM user_notification_preferences WHERE tenancy_id = $1 AND user_id = $2 AND "
        "notification_category_id = $3",
        {tenancy_id, user_id, std::string(category.id)});
    return row ? row->Bool(0) : category.default_enabled;
}

void Set(storage::Connection& db, const std::string& tenancy_id, const std::string& user_id,
         const std::string& category_id, bool enabled, int64_t now_ms) {
    db.Execute(
        "INSERT INTO user_notification_preferences (tenancy_id, user_id, notification_category_id, enabled, "
        "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (tenancy_id, user_id, "
        "notification_category_id) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at",
        {tenancy_id, user_id, category_id, int64_t{enabled ? 1 : 0}, now_ms});
}

}  // namespace notification_preferences
}  // namespace stackd::domain
