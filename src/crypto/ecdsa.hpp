#pragma once

#include <openssl/types.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace stackd::crypto {

struct EvpPkeyDeleter {
    void operator()(EVP_PKEY* key) const;
};
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyDeleter>;

// A P-256 key pair from the 32-byte big-endian private scalar, plus the affine public
// coordinates as full 32-byte big-endian strings. Empty key if the scalar is 0 or >= the group
// order (never the case for a SHA-256 output in practice, but the caller must not crash on it).
struct P256KeyPair {
    EvpPkeyPtr key;
    std::string x;
    std::string y;
};
P256KeyPair P256KeyFromPrivateScalar(std::string_view d);

// A P-256 public key from big-endian coordinates. Shorter inputs are left-padded to 32 bytes,
// which undoes upstream's minimal-length JWK coordinates. Null if the point is not on the curve.
EvpPkeyPtr P256PublicKeyFromCoordinates(std::string_view x, std::string_view y);

// ES256 over `message`: SHA-256 and ECDSA, the signature in JWS's raw 64-byte r||s form (not DER).
// nullopt only if OpenSSL fails.
std::optional<std::string> SignEs256(EVP_PKEY* key, std::string_view message);

// Verifies a raw r||s signature; anything but exactly 64 bytes is a failed verification.
bool VerifyEs256(EVP_PKEY* key, std::string_view message, std::string_view signature);

}  // namespace stackd::crypto
