#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "crypto/access_token.hpp"

namespace stackd::api {

// Access tokens that passed ES256 verification, keyed by the token's SHA-256, kept until
// their `exp`. Clients reuse a token for its whole lifetime, so verification (~40 µs of
// CPU) is paid once per token instead of once per request. Only the outcome "valid" is
// cached; revoking a session never shortens an access token's life upstream either.
class VerifiedTokenCache {
public:
    explicit VerifiedTokenCache(size_t capacity = 100000) : capacity_(capacity) {}

    std::optional<crypto::AccessTokenInfo> Find(const std::string& token, int64_t now_ms);
    void Insert(const std::string& token, const crypto::AccessTokenInfo& info);

private:
    size_t capacity_;
    std::mutex mutex_;
    std::unordered_map<std::string, crypto::AccessTokenInfo> entries_;
};

}  // namespace stackd::api
