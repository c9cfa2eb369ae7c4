#include "domain/users.hpp"

#include "crypto/password.hpp"
#include "crypto/random.hpp"
#include "domain/permission_grants.hpp"
#include "domain/session_repository.hpp"
#include "domain/team_repository.hpp"
#include "domain/teams.hpp"
#include "domain/webhook_events.hpp"
#include "errors/known_error.hpp"
#include "errors/user_errors.hpp"

namespace stackd::domain {
namespace {

using errors::ErrorCode;
using errors::KnownError;
using errors::StatusError;

// "" is stored as null for these fields.
std::optional<std::string> EmptyAsNull(const std::optional<std::string>& value) {
    return value && value->empty() ? std::nullopt : value;
}

bool ConfigFlag(const TenancyView& tenancy, const char* pointer) {
    const auto& value = tenancy.config[nlohmann::json::json_pointer(pointer)];
    return value.is_boolean() && value.get<bool>();
}

void ThrowEmailTaken(const std::string& email) {
    throw errors::UserEmailAlreadyExists(email, false);
}

// Consistency rules shared by create and update (plain-text 400s, as upstream).
void CheckEmailFlags(const std::optional<std::string>& email, const UserInput& input) {
    if (!email && input.primary_email_auth_enabled.value_or(false)) {
        throw StatusError(400, "primary_email_auth_enabled cannot be true without primary_email");
    }
    if (!email && input.primary_email_verified.value_or(false)) {
        throw StatusError(400, "primary_email_verified cannot be true without primary_email");
    }
}

}  // namespace

std::optional<std::string> UserService::ResolvePasswordHash(const UserInput& input) {
    if (input.password && *input.password && input.password_hash) {
        throw StatusError(400, "Cannot set both password and password_hash at the same time.");
    }
    if (input.password_hash) {
        if (!crypto::IsPasswordHashValid(*input.password_hash)) {
            throw StatusError(400, "Invalid password hash. Make sure it's a supported algorithm in Modular Crypt Format.");
        }
        return input.password_hash;
    }
    if (input.password && *input.password) {
        return hasher_.Hash(**input.password);
    }
    return std::nullopt;
}

UserInput UserService::ResolveProfileImage(UserInput input) {
    if (input.profile_image_url && *input.profile_image_url) {
        input.profile_image_url = images_.Resolve(**input.profile_image_url, "user-profile-images");
    }
    return input;
}

User UserService::Create(const TenancyView& tenancy, const UserInput& raw_input) {
    const auto password_hash = ResolvePasswordHash(raw_input);
    const UserInput input = ResolveProfileImage(raw_input);
    return store_.WriteValue(
        [&](storage::Connection& db) { return CreateIn(db, tenancy, input, password_hash); });
}

User UserService::CreateIn(storage::Connection& db, const TenancyView& tenancy, const UserInput& input,
                           const std::optional<std::string>& password_hash) {
    const int64_t now = clock_.NowMillis();
    const std::string& tenancy_id = tenancy.tenancy->id;
    std::optional<std::string> email;
    if (input.primary_email && *input.primary_email) {
        email = NormalizeEmail(**input.primary_email);
    }
    CheckEmailFlags(email, input);
    const bool auth_enabled = input.primary_email_auth_enabled.value_or(false);
    if (email && auth_enabled && user_repository::FindUserIdByAuthEmail(db, tenancy_id, *email)) {
        ThrowEmailTaken(*email);
    }
    if (password_hash && !ConfigFlag(tenancy, "/auth/password/allowSignIn")) {
        throw StatusError(400, "Password auth not enabled in the project");
    }
    if (input.otp_auth_enabled.value_or(false) && !ConfigFlag(tenancy, "/auth/otp/allowSignIn")) {
        throw StatusError(400, "OTP auth not enabled in the project");
    }

    User user;
    user.tenancy_id = tenancy_id;
    user.id = crypto::RandomUuidV4();
    user.display_name = EmptyAsNull(input.display_name.value_or(std::nullopt));
    user.profile_image_url = input.profile_image_url.value_or(std::nullopt);
    user.client_metadata = input.client_metadata.value_or(nullptr);
    user.client_read_only_metadata = input.client_read_only_metadata.value_or(nullptr);
    user.server_metadata = input.server_metadata.value_or(nullptr);
    user.is_anonymous = input.is_anonymous.value_or(false);
    user.restricted_by_admin = input.restricted_by_admin.value_or(false);
    if (user.restricted_by_admin) {
        user.restricted_by_admin_reason = EmptyAsNull(input.restricted_by_admin_reason.value_or(std::nullopt));
        user.restricted_by_admin_private_details =
            EmptyAsNull(input.restricted_by_admin_private_details.value_or(std::nullopt));
    }
    // Create stores the secret but, as upstream, does not turn on requires_totp_mfa.
    user.totp_secret_base64 = input.totp_secret_base64.value_or(std::nullopt);
    user.country_code = input.country_code.value_or(std::nullopt);
    if (input.risk_scores) {
        user.risk_score_bot = input.risk_scores->first;
        user.risk_score_free_trial_abuse = input.risk_scores->second;
    }
    user.signed_up_at_ms = now;
    user.last_active_at_ms = now;
    user_repository::Insert(db, user, now);

    if (email) {
        user_repository::InsertContactChannel(
            db, tenancy_id, {"", user.id, *email, true, input.primary_email_verified.value_or(false), auth_enabled},
            now);
    }
    if (password_hash) {
        user_repository::SetAuthMethod(db, tenancy_id, user.id, "password", password_hash, now);
    }
    if (input.otp_auth_enabled.value_or(false)) {
        user_repository::SetAuthMethod(db, tenancy_id, user.id, "otp", std::nullopt, now);
    }
    permission_grants::GrantSignUpPermissions(db, tenancy, user.id, now);
    // Upstream answers with the user as it was before the personal team existed.
    User created = *user_repository::Find(db, tenancy_id, user.id);
    CreatePersonalTeamIn(db, tenancy, created, now);
    webhook_events::UserCreated(db, tenancy, created, now);
    return created;
}

User UserService::Update(const TenancyView& tenancy, const std::string& user_id, const UserInput& raw_input) {
    const auto password_hash = ResolvePasswordHash(raw_input);
    const UserInput input = ResolveProfileImage(raw_input);
    return store_.WriteValue([&](storage::Connection& db) {
        auto user = user_repository::Find(db, tenancy.tenancy->id, user_id);
        if (!user) {
            throw KnownError(ErrorCode::kUserNotFound);
        }
        UpdateIn(db, tenancy, *user, input, password_hash);
        return FinishUpdateIn(db, tenancy, user_id);
    });
}

User UserService::FinishUpdateIn(storage::Connection& db, const TenancyView& tenancy, const std::string& user_id) {
    const User updated = *user_repository::Find(db, tenancy.tenancy->id, user_id);
    webhook_events::UserUpdated(db, tenancy, updated, clock_.NowMillis());
    return updated;
}

void UserService::UpdateIn(storage::Connection& db, const TenancyView& tenancy, User& user, const UserInput& input,
                           const std::optional<std::string>& password_hash) {
    const int64_t now = clock_.NowMillis();
    const std::string& tenancy_id = tenancy.tenancy->id;

    if (input.passkey_auth_enabled.value_or(false)) {
        throw StatusError(400, "Cannot manually enable passkey auth, it is enabled iff there is a passkey auth method");
    }
    if (input.selected_team_id && *input.selected_team_id &&
        !team_repository::FindMember(db, tenancy_id, **input.selected_team_id, user.id)) {
        throw KnownError::Formatted(ErrorCode::kTeamMembershipNotFound,
                                    {{"team_id", **input.selected_team_id}, {"user_id", user.id}}, user.id,
                                    **input.selected_team_id);
    }
    ApplyPrimaryEmail(db, tenancy, user, input, now);

    if (input.display_name) {
        user.display_name = EmptyAsNull(*input.display_name);
    }
    if (input.profile_image_url) {
        user.profile_image_url = *input.profile_image_url;
    }
    if (input.client_metadata) {
        user.client_metadata = *input.client_metadata;
    }
    if (input.client_read_only_metadata) {
        user.client_read_only_metadata = *input.client_read_only_metadata;
    }
    if (input.server_metadata) {
        user.server_metadata = *input.server_metadata;
    }
    if (input.country_code) {
        user.country_code = *input.country_code;
    }
    if (input.risk_scores) {
        user.risk_score_bot = input.risk_scores->first;
        user.risk_score_free_trial_abuse = input.risk_scores->second;
    }
    if (input.selected_team_id) {
        user.selected_team_id = *input.selected_team_id;
    }
    if (input.totp_secret_base64) {
        user.totp_secret_base64 = *input.totp_secret_base64;
        user.requires_totp_mfa = input.totp_secret_base64->has_value();
    }
    if (input.restricted_by_admin) {
        user.restricted_by_admin = *input.restricted_by_admin;
    }
    if (user.restricted_by_admin) {
        if (input.restricted_by_admin_reason) {
            user.restricted_by_admin_reason = EmptyAsNull(*input.restricted_by_admin_reason);
        }
        if (input.restricted_by_admin_private_details) {
            user.restricted_by_admin_private_details = EmptyAsNull(*input.restricted_by_admin_private_details);
        }
    } else {
        user.restricted_by_admin_reason = std::nullopt;
        user.restricted_by_admin_private_details = std::nullopt;
    }
    if (input.is_anonymous && !*input.is_anonymous && user.is_anonymous) {
        user.is_anonymous = false;
        user.signed_up_at_ms = now;  // an upgraded anonymous user signs up now
        // Its personal team is named after what this request sends, as upstream does.
        std::string team_name = "Personal Team";
        if (input.display_name && *input.display_name) {
            team_name = **input.display_name + "'s Team";
        } else if (input.primary_email && *input.primary_email) {
            team_name = **input.primary_email + "'s Team";
        }
        team_repository::RenameUserTeams(db, tenancy_id, user.id, "Personal Team", team_name);
    }
    user_repository::Update(db, user);

    const bool password_touched = input.password.has_value() || input.password_hash.has_value();
    if (password_hash) {
        if (!user.has_password && !ConfigFlag(tenancy, "/auth/password/allowSignIn")) {
            throw StatusError(400, "Password auth not enabled in the project");
        }
        user_repository::SetAuthMethod(db, tenancy_id, user.id, "password", password_hash, now);
    } else if (input.password && !*input.password) {
        user_repository::RemoveAuthMethod(db, tenancy_id, user.id, "password");
    }
    if (password_touched) {
        // A changed password signs the user out everywhere.
        session_repository::DeleteAllForUser(db, tenancy_id, user.id, std::nullopt);
    }
    if (input.otp_auth_enabled) {
        if (*input.otp_auth_enabled) {
            if (!ConfigFlag(tenancy, "/auth/otp/allowSignIn")) {
                throw StatusError(400, "OTP auth not enabled in the project");
            }
            user_repository::SetAuthMethod(db, tenancy_id, user.id, "otp", std::nullopt, now);
        } else {
            user_repository::RemoveAuthMethod(db, tenancy_id, user.id, "otp");
        }
    }
    if (input.passkey_auth_enabled && !*input.passkey_auth_enabled) {
        user_repository::RemoveAuthMethod(db, tenancy_id, user.id, "passkey");
    }
}

void UserService::ApplyPrimaryEmail(storage::Connection& db, const TenancyView& tenancy, const User& user,
                                    const UserInput& input, int64_t now) {
    if (!input.primary_email && !input.primary_email_verified && !input.primary_email_auth_enabled) {
        return;
    }
    const std::string& tenancy_id = tenancy.tenancy->id;
    auto channels = user_repository::ListEmailChannels(db, tenancy_id, user.id);
    auto primary = std::find_if(channels.begin(), channels.end(), [](const auto& c) { return c.is_primary; });
    const bool had_primary = primary != channels.end();

    std::optional<std::string> new_email;
    if (input.primary_email) {
        if (*input.primary_email) {
            new_email = NormalizeEmail(**input.primary_email);
        }
    } else if (had_primary) {
        new_email = primary->value;
    }
    if (input.primary_email && !*input.primary_email) {
        if (input.primary_email_auth_enabled.value_or(false) || input.primary_email_verified.value_or(false)) {
            CheckEmailFlags(std::nullopt, input);
        }
        if (had_primary) {
            primary->is_primary = false;  // demoted, not deleted
            user_repository::UpdateContactChannel(db, tenancy_id, *primary);
        }
        return;
    }
    CheckEmailFlags(new_email, input);
    if (!new_email) {
        return;  // only flags sent and there is no primary channel: nothing to change
    }
    const bool auth_enabled =
        input.primary_email_auth_enabled.value_or(had_primary ? primary->used_for_auth : false);
    const bool changes_address = !had_primary || primary->value != *new_email;
    if (auth_enabled && (changes_address || !primary->used_for_auth)) {
        const auto owner = user_repository::FindUserIdByAuthEmail(db, tenancy_id, *new_email);
        if (owner && (*owner != user.id || changes_address)) {
            ThrowEmailTaken(*new_email);
        }
    }
    auto existing = std::find_if(channels.begin(), channels.end(), [&](const auto& c) { return c.value == *new_email; });
    for (auto& channel : channels) {
        if (channel.is_primary && (existing == channels.end() || channel.id != existing->id)) {
            channel.is_primary = false;
            user_repository::UpdateContactChannel(db, tenancy_id, channel);
        }
    }
    if (existing != channels.end()) {
        existing->is_primary = true;
        existing->used_for_auth = auth_enabled;
        if (input.primary_email_verified) {
            existing->is_verified = *input.primary_email_verified;
        }
        user_repository::UpdateContactChannel(db, tenancy_id, *existing);
    } else {
        user_repository::InsertContactChannel(
            db, tenancy_id, {"", user.id, *new_email, true, input.primary_email_verified.value_or(false), auth_enabled},
            now);
    }
}

void UserService::Delete(const TenancyView& tenancy, const std::string& user_id) {
    const std::string& tenancy_id = tenancy.tenancy->id;
    store_.Write([&](storage::Connection& db) {
        // The teams are read before the membership rows cascade away with the user.
        std::vector<std::string> team_ids;
        for (const auto& team : team_repository::ListTeams(db, tenancy_id, user_id)) {
            team_ids.push_back(team.id);
        }
        if (!user_repository::Delete(db, tenancy_id, user_id)) {
            throw KnownError(ErrorCode::kUserNotFound);
        }
        webhook_events::UserDeleted(db, tenancy, user_id, team_ids, clock_.NowMillis());
    });
}

std::optional<User> UserService::Find(const std::string& tenancy_id, const std::string& user_id) {
    return hot_reads_.FindUser(tenancy_id, user_id);
}

User UserService::Get(const std::string& tenancy_id, const std::string& user_id) {
    auto user = Find(tenancy_id, user_id);
    if (!user) {
        throw KnownError(ErrorCode::kUserNotFound);
    }
    return *user;
}

std::vector<User> UserService::List(const std::string& tenancy_id, const user_repository::ListFilter& filter) {
    return store_.ReadValue([&](storage::Connection& db) { return user_repository::List(db, tenancy_id, filter); });
}

}  // namespace stackd::domain
