#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/store.hpp"

namespace stackd::domain {

// Upstream's two hard-coded notification categories (platform.md §2.7), in table order.
struct NotificationCategory {
    const char* id;
    const char* name;
    bool default_enabled;
    bool can_disable;
};

const std::vector<NotificationCategory>& NotificationCategories();
std::optional<NotificationCategory> FindNotificationCategoryById(const std::string& id);
std::optional<NotificationCategory> FindNotificationCategoryByName(const std::string& name);
const NotificationCategory& TransactionalCategory();

namespace notification_preferences {

// The stored choice of a user for a category, or the category's default.
bool IsEnabled(storage::Connection& db, const std::string& tenancy_id, const std::string& user_id,
               const NotificationCategory& category);
void Set(storage::Connection& db, const std::string& tenancy_id, const std::string& user_id,
         const std::string& category_id, bool enabled, int64_t now_ms);

}  // namespace notification_preferences
}  // namespace stackd::domain
