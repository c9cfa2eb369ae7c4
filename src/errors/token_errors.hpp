#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "errors/known_error.hpp"

namespace stackd::errors {

// ACCESS_TOKEN_EXPIRED as upstream builds it: each known fact adds a sentence to the message
// and its value to details (null when unknown).
KnownError AccessTokenExpired(std::optional<int64_t> expired_at_ms, const std::optional<std::string>& project_id,
                              const std::optional<std::string>& user_id,
                              const std::optional<std::string>& refresh_token_id);

// ADMIN_ACCESS_TOKEN_EXPIRED, with or without the expiry time.
KnownError AdminAccessTokenExpired(std::optional<int64_t> expired_at_ms);

}  // namespace stackd::errors
