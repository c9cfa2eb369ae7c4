#include "domain/hot_reads.hpp"

#include <memory>

#include "crypto/hash.hpp"
#include "domain/user_repository.hpp"

namespace stackd::domain {
namespace {

std::string UserKey(const std::string& tenancy_id, const std::string& user_id) {
    return tenancy_id + '\n' + user_id;
}

}  // namespace

std::optional<User> HotReads::FindUser(const std::string& tenancy_id, const std::string& user_id) {
    const auto generation = store_.WriteGeneration();  // before the read: see GenerationCache
    const std::string key = UserKey(tenancy_id, user_id);
    if (generation) {
        if (auto hit = users_.Find(key, *generation)) {
            return *hit;
        }
    }
    auto user = store_.ReadValue([&](storage::Connection& db) { return user_repository::Find(db, tenancy_id, user_id); });
    if (generation && user) {
        users_.Insert(key, *generation, std::make_shared<const User>(*user));
    }
    return user;
}

std::optional<HotReads::SessionWithUser> HotReads::FindSessionByRefreshToken(const std::string& refresh_token) {
    const auto generation = store_.WriteGeneration();
    // Keyed like the table, by the token's hash: the cache holds no more secrets than the rows.
    const std::string token_key = crypto::Sha256Hex(refresh_token);
    if (generation) {
        if (auto session = sessions_.Find(token_key, *generation)) {
            if (auto user = users_.Find(UserKey(session->tenancy_id, session->user_id), *generation)) {
                return SessionWithUser{*session, *user};
            }
        }
    }
    // Both rows from one snapshot.
    auto found = store_.ReadValue([&](storage::Connection& db) -> std::optional<SessionWithUser> {
        auto session = session_repository::FindByRefreshToken(db, refresh_token);
        if (!session) {
            return std::nullopt;
        }
        auto user = user_repository::Find(db, session->tenancy_id, session->user_id);
        if (!user) {
            return std::nullopt;
        }
        return SessionWithUser{std::move(*session), std::move(*user)};
    });
    if (generation && found) {
        sessions_.Insert(token_key, *generation, std::make_shared<const session_repository::Session>(found->session));
        users_.Insert(UserKey(found->session.tenancy_id, found->session.user_id), *generation,
                      std::make_shared<const User>(found->user));
    }
    return found;
}

}  // namespace stackd::domain
