#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace stackd::crypto {

// A 32-byte key for one purpose, derived from the server's root secret:
// HMAC-SHA256(key = root_secret, message = label). Distinct labels give independent keys.
std::string DeriveKey(std::string_view root_secret, std::string_view label);

// AES-256-GCM with a fresh random 96-bit nonce. The result is nonce || ciphertext || 16-byte
// tag. `associated_data` is authenticated but not stored: Open must be given the same bytes.
std::string AesGcmSeal(std::string_view key, std::string_view plaintext, std::string_view associated_data);

// nullopt when the input is too short, or the tag does not verify (wrong key, wrong
// associated data, or tampered bytes).
std::optional<std::string> AesGcmOpen(std::string_view key, std::string_view sealed,
                                      std::string_view associated_data);

}  // namespace stackd::crypto
