#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/user.hpp"
#include "storage/store.hpp"

namespace stackd::domain::user_repository {

// SQL for users, contact channels and auth methods, shared by both backends. Every
// query is scoped by tenancy_id.

std::optional<User> Find(storage::Connection& db, const std::string& tenancy_id, const std::string& user_id);

struct ListFilter {
    bool include_restricted = false;  // keep restricted_by_admin (and unverified) users
    bool include_anonymous = false;
    bool only_anonymous = false;
    bool require_verified_email = false;  // onboarding.requireEmailVerification and not include_restricted
    std::optional<std::string> search;
    std::optional<std::string> search_user_id;  // the query when it reads as a UUID
    std::optional<std::string> team_id;         // members of this team only
    bool descending = false;
    std::optional<std::string> cursor;  // id of the first user of the page, inclusive
    std::optional<int64_t> limit;       // fetch limit + 1 to learn the next cursor
};
std::vector<User> List(storage::Connection& db, const std::string& tenancy_id, const ListFilter& filter);

// The `limit` users most recently active (last_active_at, newest first).
std::vector<User> ListRecentlyActive(storage::Connection& db, const std::string& tenancy_id, bool include_anonymous,
                                     int64_t limit);

void Insert(storage::Connection& db, const User& user, int64_t now_ms);
// Writes every stored column of `user` (not the derived email/method fields).
void Update(storage::Connection& db, const User& user);
bool Delete(storage::Connection& db, const std::string& tenancy_id, const std::string& user_id);

// The user whose EMAIL channel `email` is used for sign-in, if any.
std::optional<std::string> FindUserIdByAuthEmail(storage::Connection& db, const std::string& tenancy_id,
                                                 const std::string& email);

struct ContactChannel {
    std::string id;
    std::string user_id;
    std::string value;
    bool is_primary = false;
    bool is_verified = false;
    bool used_for_auth = false;
};
std::vector<ContactChannel> ListEmailChannels(storage::Connection& db, const std::string& tenancy_id,
                                              const std::string& user_id);
void InsertContactChannel(storage::Connection& db, const std::string& tenancy_id, const ContactChannel& channel,
                          int64_t now_ms);
void UpdateContactChannel(storage::Connection& db, const std::string& tenancy_id, const ContactChannel& channel);
// Any type (the API only knows "email"), filtered by user and id when given; creation order.
std::vector<ContactChannel> ListContactChannels(storage::Connection& db, const std::string& tenancy_id,
                                                const std::optional<std::string>& user_id,
                                                const std::optional<std::string>& channel_id);
std::optional<ContactChannel> FindContactChannel(storage::Connection& db, const std::string& tenancy_id,
                                                 const std::string& user_id, const std::string& channel_id);
// The channel of the project that signs in with this EMAIL address, if any.
std::optional<ContactChannel> FindAuthEmailChannel(storage::Connection& db, const std::string& tenancy_id,
                                                   const std::string& email);
bool DeleteContactChannel(storage::Connection& db, const std::string& tenancy_id, const std::string& user_id,
                          const std::string& channel_id);
// Clears is_primary on every EMAIL channel of the user.
void DemoteEmailChannels(storage::Connection& db, const std::string& tenancy_id, const std::string& user_id);

// Auth methods: kind is "password", "otp" or "passkey".
std::optional<std::string> FindPasswordHash(storage::Connection& db, const std::string& tenancy_id,
                                            const std::string& user_id);
void SetAuthMethod(storage::Connection& db, const std::string& tenancy_id, const std::string& user_id,
                   const std::string& kind, const std::optional<std::string>& password_hash, int64_t now_ms);
void RemoveAuthMethod(storage::Connection& db, const std::string& tenancy_id, const std::string& user_id,
                      const std::string& kind);

}  // namespace stackd::domain::user_repository
