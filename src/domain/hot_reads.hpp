#pragma once

#include <optional>
#include <string>

#include "domain/session_repository.hpp"
#include "domain/user.hpp"
#include "storage/generation_cache.hpp"
#include "storage/store.hpp"

namespace stackd::domain {

// The point reads on every authenticated request and every refresh (a user by id, a session
// by its refresh token), served from memory between writes when the store knows all its
// writers (embedded SQLite: Store::WriteGeneration). A hit is exactly what the read would
// return; with PostgreSQL every call reads the database.
class HotReads {
public:
    explicit HotReads(storage::Store& store) : store_(store) {}

    std::optional<User> FindUser(const std::string& tenancy_id, const std::string& user_id);

    struct SessionWithUser {
        session_repository::Session session;
        User user;
    };
    // The session of `refresh_token` in any tenancy, with its user; nullopt when either is
    // missing (a deleted user's sessions are dead). Validity (tenancy, expiry) is the caller's.
    std::optional<SessionWithUser> FindSessionByRefreshToken(const std::string& refresh_token);

private:
    storage::Store& store_;
    storage::GenerationCache<User> users_;
    storage::GenerationCache<session_repository::Session> sessions_;
};

}  // namespace stackd::domain
