#include "domain/contact_channels.hpp"

#include <algorithm>

#include "crypto/random.hpp"
#include "domain/user.hpp"
#include "errors/known_error.hpp"

namespace stackd::domain {
namespace {

using errors::ErrorCode;
using errors::KnownError;
using errors::StatusError;

// Upstream's message names the address only on create ("This email "(a@b.c)" is ...");
// update passes no value, which leaves two spaces and a null in the details.
KnownError UsedForAuthBySomeoneElse(const std::optional<std::string>& value) {
    const nlohmann::json details = {{"type", "email"},
                                    {"contact_channel_value", value ? nlohmann::json(*value) : nlohmann::json(nullptr)},
                                    {"would_work_if_email_was_verified", false}};
    if (value) {
        return KnownError::Formatted(ErrorCode::kContactChannelAlreadyUsedForAuthBySomeoneElse, details, "email",
                                     *value);
    }
    return KnownError(ErrorCode::kContactChannelAlreadyUsedForAuthBySomeoneElse,
                      "This email  is already used for authentication by another account.", details);
}

}  // namespace

ContactChannel ContactChannels::Create(const TenancyView& tenancy, const ContactChannelCreate& input) const {
    const std::string& tenancy_id = tenancy.tenancy->id;
    const std::string value = NormalizeEmail(input.value);
    return store_.WriteValue([&](storage::Connection& db) {
        if (!user_repository::Find(db, tenancy_id, input.user_id)) {
            throw KnownError(ErrorCode::kUserNotFound);
        }
        const auto existing = user_repository::ListEmailChannels(db, tenancy_id, input.user_id);
        if (std::any_of(existing.begin(), existing.end(), [&](const auto& channel) { return channel.value == value; })) {
            throw StatusError(400, "Contact channel already exists");
        }
        if (input.used_for_auth && user_repository::FindAuthEmailChannel(db, tenancy_id, value)) {
            throw UsedForAuthBySomeoneElse(value);
        }
        if (input.is_primary.value_or(false)) {
            user_repository::DemoteEmailChannels(db, tenancy_id, input.user_id);
        }
        ContactChannel channel;
        channel.id = crypto::RandomUuidV4();
        channel.user_id = input.user_id;
        channel.value = value;
        channel.is_primary = input.is_primary.value_or(false);
        channel.is_verified = input.is_verified.value_or(false);
        channel.used_for_auth = input.used_for_auth;
        // Channels list in creation order; two created within one millisecond keep theirs.
        int64_t created_at = clock_.NowMillis();
        if (auto latest = db.QueryOne(
                "SELECT MAX(created_at) FROM contact_channels WHERE tenancy_id = $1 AND user_id = $2",
                {tenancy_id, input.user_id});
            latest && !latest->IsNull(0)) {
            created_at = std::max(created_at, latest->Int(0) + 1);
        }
        user_repository::InsertContactChannel(db, tenancy_id, channel, created_at);
        return channel;
    });
}

std::vector<ContactChannel> ContactChannels::List(const std::string& tenancy_id,
                                                  const std::optional<std::string>& user_id,
                                                  const std::optional<std::string>& channel_id) const {
    return store_.ReadValue([&](storage::Connection& db) {
        return user_repository::ListContactChannels(db, tenancy_id, user_id, channel_id);
    });
}

ContactChannel ContactChannels::Get(const std::string& tenancy_id, const std::string& user_id,
                                    const std::string& channel_id) const {
    auto channel = store_.ReadValue([&](storage::Connection& db) {
        return user_repository::FindContactChannel(db, tenancy_id, user_id, channel_id);
    });
    if (!channel) {
        throw StatusError(404, "Contact channel not found.");
    }
    return *channel;
}

ContactChannel ContactChannels::Update(const std::string& tenancy_id, const std::string& user_id,
                                       const std::string& channel_id, const ContactChannelUpdate& input) const {
    return store_.WriteValue([&](storage::Connection& db) {
        auto channel = user_repository::FindContactChannel(db, tenancy_id, user_id, channel_id);
        if (!channel) {
            throw StatusError(400, "Contact channel not found");
        }
        std::optional<std::string> value = input.value;
        if (value && input.normalize_value) {
            value = NormalizeEmail(*value);
        }
        const bool value_changes = value && *value != channel->value;
        if (value_changes) {
            for (const auto& other : user_repository::ListEmailChannels(db, tenancy_id, user_id)) {
                if (other.id != channel->id && other.value == *value) {
                    throw StatusError(400, "Contact channel already exists");
                }
            }
        }
        const bool used_for_auth = input.used_for_auth.value_or(channel->used_for_auth);
        if (used_for_auth && (input.used_for_auth.value_or(false) || value_changes)) {
            const auto holder = user_repository::FindAuthEmailChannel(db, tenancy_id, value.value_or(channel->value));
            if (holder && holder->id != channel->id) {
                throw UsedForAuthBySomeoneElse(std::nullopt);
            }
        }
        if (input.is_primary.value_or(false)) {
            user_repository::DemoteEmailChannels(db, tenancy_id, user_id);
        }
        if (value) {
            channel->value = *value;
        }
        // A new address is unverified unless the caller says otherwise.
        if (input.is_verified) {
            channel->is_verified = *input.is_verified;
        } else if (value) {
            channel->is_verified = false;
        }
        channel->used_for_auth = used_for_auth;
        if (input.is_primary) {
            channel->is_primary = *input.is_primary;
        }
        user_repository::UpdateContactChannel(db, tenancy_id, *channel);
        return *channel;
    });
}

void ContactChannels::Delete(const std::string& tenancy_id, const std::string& user_id,
                             const std::string& channel_id) const {
    const bool deleted = store_.WriteValue([&](storage::Connection& db) {
        return user_repository::DeleteContactChannel(db, tenancy_id, user_id, channel_id);
    });
    if (!deleted) {
        throw StatusError(400, "Contact channel not found");
    }
}

void ContactChannels::SendVerificationCode(const TenancyView& tenancy, const std::string& user_id,
                                           const std::optional<User>& user, const std::string& channel_id,
                                           const std::string& callback_url) const {
    store_.Write([&](storage::Connection& db) {
        std::optional<std::string> user_display_name;
        if (user) {
            user_display_name = user->display_name;
        } else {
            const auto found = user_repository::Find(db, tenancy.tenancy->id, user_id);
            if (!found) {
                throw KnownError::Formatted(ErrorCode::kUserIdDoesNotExist, {{"user_id", user_id}}, user_id);
            }
            user_display_name = found->display_name;
        }
        const auto channel = user_repository::FindContactChannel(db, tenancy.tenancy->id, user_id, channel_id);
        if (!channel) {
            throw StatusError(404, "Contact channel not found");
        }
        if (channel->is_verified) {
            throw KnownError(ErrorCode::kEmailAlreadyVerified);
        }
        verification_.SendIn(db, tenancy, user_id, user_display_name, channel->value, callback_url);
    });
}

void ContactChannels::SendVerificationCodeForEmail(const TenancyView& tenancy, const std::string& user_id,
                                                   const std::optional<std::string>& user_display_name,
                                                   const std::string& email, const std::string& callback_url) const {
    store_.Write([&](storage::Connection& db) {
        verification_.SendIn(db, tenancy, user_id, user_display_name, email, callback_url);
    });
}

}  // namespace stackd::domain
