#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "crypto/ecdsa.hpp"
#include "crypto/jwt.hpp"

namespace stackd::crypto {

// What one derivation scheme yields before any elliptic-curve work: the per-audience secret
// (b64u of a SHA-256) and the 12-character kid.
struct SigningKeySeed {
    std::string derived_secret;
    std::string kid;
};

// Upstream's two schemes for (STACK_SERVER_SECRET, audience), in upstream's order:
// [0] old: secret = b64u(H(json([server_secret, aud]))), kid = b64u(H(json([secret, "kid"])))[0:12]
// [1] new: secret = b64u(H(json(["stack-jwk-audience-secret", server_secret, {"audience": aud}]))),
//          kid = the same with "stack-jwk-kid", cut to 12.
// json() is JsStringify, H is SHA-256 over the UTF-8 text.
std::array<SigningKeySeed, 2> DeriveSigningKeySeeds(std::string_view server_secret, std::string_view audience);

// One derived P-256 key. x and y are MINIMAL big-endian (a leading zero byte dropped, as the
// bignum toBuffer() upstream uses does), so ~1 key in 128 has a 31-byte coordinate; d is always
// 32 bytes. All raw bytes; the JWK builders below encode them.
struct DerivedSigningKey {
    std::string kid;
    std::string d;
    std::string x;
    std::string y;
};

// d = SHA-256(b64u_decode(seed.derived_secret)), public point d·G. nullopt if d is not a valid
// scalar (probability ~2^-32 per key).
std::optional<DerivedSigningKey> DeriveSigningKey(const SigningKeySeed& seed);

// Both keys of `audience`, old first. nullopt for the audience "kid", which upstream refuses
// (its old scheme would then hand out a kid preimage as a secret), or an invalid scalar.
std::optional<std::array<DerivedSigningKey, 2>> DeriveSigningKeys(std::string_view server_secret,
                                                                  std::string_view audience);

// Upstream key order: private {kty, crv, alg, kid, d, x, y}; public {kty, crv, alg, kid, x, y}.
nlohmann::ordered_json PrivateJwkJson(const DerivedSigningKey& key);
nlohmann::ordered_json PublicJwkJson(const DerivedSigningKey& key);

// A P-256 public key from a JWK's x and y. Accepts upstream's trimmed 31-byte coordinates by
// left-padding them. Null for anything but kty EC / crv P-256 or a point off the curve.
EvpPkeyPtr PublicKeyFromJwk(const nlohmann::json& jwk);

struct AudienceKeys {
    std::array<DerivedSigningKey, 2> jwks;  // old, new
    std::array<EvpPkeyPtr, 2> keys;
};

struct JwtVerification {
    JwtStatus status = JwtStatus::kMalformed;
    // The claims, set once the signature has verified (so also for kExpired and kBadIssuer,
    // which the caller reports with the token's exp, sub and refresh_token_id); null otherwise.
    nlohmann::ordered_json payload;
};

// The server's signing keys: derives them from STACK_SERVER_SECRET per audience on first use and
// keeps them, because every request with an access token needs them and derivation costs two
// scalar multiplications. Thread-safe.
class SigningKeys {
public:
    // `max_cached_audiences` bounds memory: audiences come from unverified tokens, so an attacker
    // could otherwise grow the cache without limit. When full it is emptied and refilled.
    explicit SigningKeys(std::string server_secret, size_t max_cached_audiences = 10000);

    // Null only where DeriveSigningKeys gives nullopt.
    std::shared_ptr<const AudienceKeys> KeysFor(std::string_view audience) const;

    // GET /projects/{id}/.well-known/jwks.json's body: {"keys":[...]} with the normal audience's
    // two keys, then ":restricted"'s, then ":anon"'s. include_anonymous implies include_restricted,
    // as upstream's route does.
    nlohmann::ordered_json PublicJwkSet(std::string_view project_id, bool include_restricted,
                                        bool include_anonymous) const;

    // A compact JWS of `payload` exactly as given (see AddRegisteredClaims), header
    // {"alg":"ES256","kid":<old kid>}: upstream always signs with the old-scheme key.
    std::optional<std::string> Sign(std::string_view audience, const nlohmann::ordered_json& payload) const;

    // Upstream's verifyJWT: keys are those of the token's own (unverified) `aud`, which must be a
    // string; the header's kid picks one of the two (no kid is ambiguous and refused, as jose
    // refuses it); then the signature; then iss among `allowed_issuers`; then nbf/exp at now.
    JwtVerification Verify(std::string_view token, std::span<const std::string> allowed_issuers,
                           int64_t now_millis) const;

private:
    const std::string server_secret_;
    const size_t max_cached_audiences_;
    mutable std::mutex mutex_;  // guards cache_ only; derivation runs unlocked
    mutable std::unordered_map<std::string, std::shared_ptr<const AudienceKeys>> cache_;
};

}  // namespace stackd::crypto
