#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/hot_reads.hpp"
#include "domain/images.hpp"
#include "domain/password_hasher.hpp"
#include "domain/projects.hpp"
#include "domain/user.hpp"
#include "domain/user_repository.hpp"
#include "storage/store.hpp"
#include "util/clock.hpp"

namespace stackd::domain {

template <typename T>
using Nullable = std::optional<std::optional<T>>;  // absent / null / value

// The fields of a user create or update; absent fields are left alone.
struct UserInput {
    Nullable<std::string> display_name;
    Nullable<std::string> profile_image_url;
    std::optional<nlohmann::json> client_metadata;
    std::optional<nlohmann::json> client_read_only_metadata;
    std::optional<nlohmann::json> server_metadata;
    Nullable<std::string> primary_email;
    std::optional<bool> primary_email_verified;
    std::optional<bool> primary_email_auth_enabled;
    Nullable<std::string> password;
    std::optional<std::string> password_hash;
    std::optional<bool> otp_auth_enabled;
    std::optional<bool> passkey_auth_enabled;
    Nullable<std::string> totp_secret_base64;
    std::optional<bool> is_anonymous;
    std::optional<bool> restricted_by_admin;
    Nullable<std::string> restricted_by_admin_reason;
    Nullable<std::string> restricted_by_admin_private_details;
    Nullable<std::string> country_code;
    Nullable<std::string> selected_team_id;
    std::optional<std::pair<int64_t, int64_t>> risk_scores;  // sign_up.bot, sign_up.free_trial_abuse
};

// Users and their primary email, password and OTP methods, with upstream's rules
// (resources.md §2). Errors are upstream's KnownErrors and plain-text 400s.
class UserService {
public:
    UserService(storage::Store& store, HotReads& hot_reads, const util::Clock& clock, PasswordHasher& hasher,
                ImageStore& images)
        : store_(store), hot_reads_(hot_reads), clock_(clock), hasher_(hasher), images_(images) {}

    User Create(const TenancyView& tenancy, const UserInput& input);
    // Creates the user inside the caller's transaction (sign-up flows add a session to it).
    // `password_hash` is already computed: hashing never runs inside a transaction.
    User CreateIn(storage::Connection& db, const TenancyView& tenancy, const UserInput& input,
                  const std::optional<std::string>& password_hash);
    // Create/CreateIn, Update and Delete enqueue upstream's user webhooks (and, with a
    // personal team, team.created) in their transaction. UpdateIn leaves user.updated to
    // its caller: an anonymous upgrade emits once, after its auth method is set too.
    User Update(const TenancyView& tenancy, const std::string& user_id, const UserInput& input);
    void UpdateIn(storage::Connection& db, const TenancyView& tenancy, User& user, const UserInput& input,
                  const std::optional<std::string>& password_hash);
    // Re-reads a user changed earlier in this transaction and enqueues user.updated.
    User FinishUpdateIn(storage::Connection& db, const TenancyView& tenancy, const std::string& user_id);
    void Delete(const TenancyView& tenancy, const std::string& user_id);
    std::optional<User> Find(const std::string& tenancy_id, const std::string& user_id);
    User Get(const std::string& tenancy_id, const std::string& user_id);
    std::vector<User> List(const std::string& tenancy_id, const user_repository::ListFilter& filter);

    // Hashes a new password or validates an imported hash (outside any transaction).
    std::optional<std::string> ResolvePasswordHash(const UserInput& input);
    // Stores an uploaded profile image and puts its public URL in the input.
    UserInput ResolveProfileImage(UserInput input);

private:
    void ApplyPrimaryEmail(storage::Connection& db, const TenancyView& tenancy, const User& user,
                           const UserInput& input, int64_t now);

    storage::Store& store_;
    HotReads& hot_reads_;
    const util::Clock& clock_;
    PasswordHasher& hasher_;
    ImageStore& images_;
};

}  // namespace stackd::domain
