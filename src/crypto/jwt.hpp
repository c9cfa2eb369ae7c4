#pragma once

#include <openssl/types.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace stackd::crypto {

// Why a compact JWS was refused. One enumerator per jose failure upstream can hit, so logs say
// what went wrong; every value but kOk and kExpired maps to UNPARSABLE_ACCESS_TOKEN in the api.
enum class JwtStatus {
    kOk,
    kMalformed,             // not header.payload.signature of b64u JSON objects; bad crit/b64; aud not a string
    kUnsupportedAlgorithm,  // alg is a string other than ES256
    kNoMatchingKey,         // kid missing, not a string, or not one of the audience's two keys
    kBadSignature,
    kBadIssuer,     // iss missing or not among the allowed issuers
    kInvalidClaim,  // iat, nbf or exp present but not a number
    kNotYetValid,   // nbf > now
    kExpired,       // exp <= now (no tolerance, as upstream)
};
std::string_view JwtStatusName(JwtStatus status);

struct DecodedJws {
    std::string signing_input;  // "<b64u header>.<b64u payload>": the bytes the signature covers
    nlohmann::ordered_json header;
    nlohmann::ordered_json payload;
    std::string signature;  // raw bytes
};

// Splits a compact JWS and decodes its parts; header and payload must be JSON objects.
// Verifies nothing.
std::optional<DecodedJws> DecodeCompactJws(std::string_view token);

// Header rules jose applies before it looks for a key: `alg` a non-empty string (ES256, else
// kUnsupportedAlgorithm); `crit`, if present, may only name "b64", and b64 must then be true.
JwtStatus CheckJwsHeader(const nlohmann::ordered_json& header);

// jose's claim checks as upstream's jwtVerify call sets them (issuer list, no audience option,
// zero clock tolerance), in jose's order: iss, then iat type, nbf, exp. `iat` is not compared to
// the clock and a missing exp is accepted; callers that need exp check it themselves.
JwtStatus CheckJwtClaims(const nlohmann::ordered_json& payload, std::span<const std::string> allowed_issuers,
                         int64_t now_millis);

// jose's epoch(): whole seconds, rounded down.
int64_t EpochSeconds(int64_t now_millis);

// Sets iss, iat, aud, exp in the order jose's SignJWT builder writes them (setIssuer,
// setIssuedAt, setAudience, setExpirationTime), so they follow the caller's own claims.
void AddRegisteredClaims(nlohmann::ordered_json& payload, std::string_view issuer, std::string_view audience,
                         int64_t issued_at_seconds, int64_t lifetime_seconds);

// header {"alg":"ES256","kid":kid} (no typ, as upstream) and `payload`, both written with
// JsStringify, signed with `key`. nullopt only if OpenSSL fails.
std::optional<std::string> SignCompactJwsEs256(EVP_PKEY* key, std::string_view kid,
                                               const nlohmann::ordered_json& payload);

// jose's duration strings ("10min", "60s", "1.5 hours", "2 days ago", "-1h"): seconds, rounded
// half up; nullopt if jose would throw. Upstream reads STACK_ACCESS_TOKEN_EXPIRATION_TIME this way.
std::optional<int64_t> ParseJoseDurationSeconds(std::string_view text);

}  // namespace stackd::crypto
