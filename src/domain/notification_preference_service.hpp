#pragma once

#include <string>
#include <vector>

#include "domain/notification_categories.hpp"
#include "storage/store.hpp"
#include "util/clock.hpp"

namespace stackd::domain {

struct NotificationPreference {
    NotificationCategory category;
    bool enabled = true;
};

enum class UnsubscribeOutcome { kUnsubscribed, kAlreadyUnsubscribed };

// Per-user notification preferences and the unsubscribe links in emails (platform.md §2.7).
class NotificationPreferenceService {
public:
    NotificationPreferenceService(storage::Store& store, const util::Clock& clock) : store_(store), clock_(clock) {}

    // Every category in table order; 404 USER_NOT_FOUND for an unknown user.
    std::vector<NotificationPreference> List(const std::string& tenancy_id, const std::string& user_id) const;
    // 404 USER_NOT_FOUND for an unknown user.
    NotificationPreference Set(const std::string& tenancy_id, const std::string& user_id,
                               const NotificationCategory& category, bool enabled) const;

    // The code of an unsubscribe link, looked up in every project (case-insensitive):
    // VERIFICATION_CODE_NOT_FOUND / VERIFICATION_CODE_EXPIRED; a used code is "already".
    UnsubscribeOutcome Unsubscribe(const std::string& code) const;

private:
    storage::Store& store_;
    const util::Clock& clock_;
};

}  // namespace stackd::domain
