#include "api/verified_token_cache.hpp"

#include "crypto/hash.hpp"

namespace stackd::api {

std::optional<crypto::AccessTokenInfo> VerifiedTokenCache::Find(const std::string& token, int64_t now_ms) {
    const std::string key = crypto::Sha256Hex(token);
    std::lock_guard lock(mutex_);
    auto found = entries_.find(key);
    if (found == entries_.end()) {
        return std::nullopt;
    }
    // exp is in seconds; a token is expired from the second `exp` on (no tolerance).
    if (found->second.exp * 1000 <= now_ms) {
        entries_.erase(found);
        return std::nullopt;
    }
    return found->second;
}

void VerifiedTokenCache::Insert(const std::string& token, const crypto::AccessTokenInfo& info) {
    const std::string key = crypto::Sha256Hex(token);
    std::lock_guard lock(mutex_);
    if (entries_.size() >= capacity_) {
        // Simplest bound: start over. Entries are cheap to rebuild (one verification each).
        entries_.clear();
    }
    entries_.insert_or_assign(key, info);
}

}  // namespace stackd::api
