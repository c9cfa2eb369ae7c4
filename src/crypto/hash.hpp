#pragma once

#include <array>
#include <string>
#include <string_view>

namespace stackd::crypto {

using Sha256Bytes = std::array<unsigned char, 32>;

// SHA-256 of `data` into a fixed array (no allocation): the hot paths' digest (token cache
// keys, ES256 signing input).
Sha256Bytes Sha256Digest(std::string_view data);

// Raw 32-byte SHA-256 of `data`.
std::string Sha256(std::string_view data);

// Lower-case hex SHA-256 of `data`. Secrets (API keys) are stored and looked up by it.
std::string Sha256Hex(std::string_view data);

// Compares two byte strings without early exit on the first difference
// (CRYPTO_memcmp), so response timing does not reveal how much of a secret matched.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace stackd::crypto
