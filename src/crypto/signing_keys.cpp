#include "crypto/signing_keys.hpp"

#include <utility>

#include "crypto/access_token.hpp"
#include "crypto/base64url.hpp"
#include "crypto/hash.hpp"
#include "crypto/json_stringify.hpp"

namespace stackd::crypto {
namespace {

constexpr size_t kKidLength = 12;

std::string HashJson(const nlohmann::json& preimage) { return Base64UrlEncode(Sha256(JsStringify(preimage))); }

// elliptic's BN#toBuffer() writes the fewest big-endian bytes, so upstream's JWKs drop leading zeros.
std::string TrimLeadingZeros(const std::string& big_endian) {
    const size_t first = big_endian.find_first_not_of('\0');
    return first == std::string::npos ? std::string(1, '\0') : big_endian.substr(first);
}

std::optional<std::string> DecodeJwkCoordinate(const nlohmann::json& jwk, const char* name) {
    const auto it = jwk.find(name);
    if (it == jwk.end() || !it->is_string()) {
        return std::nullopt;
    }
    return Base64UrlDecode(it->get_ref<const std::string&>());
}

// The JWK material and the usable OpenSSL key from one scalar multiplication.
std::optional<std::pair<DerivedSigningKey, EvpPkeyPtr>> DeriveKeyAndJwk(const SigningKeySeed& seed) {
    const auto secret_bytes = Base64UrlDecode(seed.derived_secret);
    if (!secret_bytes) {
        return std::nullopt;
    }
    DerivedSigningKey key;
    key.kid = seed.kid;
    key.d = Sha256(*secret_bytes);
    P256KeyPair pair = P256KeyFromPrivateScalar(key.d);
    if (!pair.key) {
        return std::nullopt;
    }
    key.x = TrimLeadingZeros(pair.x);
    key.y = TrimLeadingZeros(pair.y);
    return std::make_pair(std::move(key), std::move(pair.key));
}

}  // namespace

std::array<SigningKeySeed, 2> DeriveSigningKeySeeds(std::string_view server_secret, std::string_view audience) {
    const std::string secret(server_secret);
    const std::string aud(audience);
    SigningKeySeed old_seed;
    old_seed.derived_secret = HashJson(nlohmann::json::array({secret, aud}));
    old_seed.kid = HashJson(nlohmann::json::array({old_seed.derived_secret, "kid"})).substr(0, kKidLength);
    const nlohmann::json audience_object = {{"audience", aud}};
    SigningKeySeed new_seed;
    new_seed.derived_secret = HashJson(nlohmann::json::array({"stack-jwk-audience-secret", secret, audience_object}));
    new_seed.kid = HashJson(nlohmann::json::array({"stack-jwk-kid", secret, audience_object})).substr(0, kKidLength);
    return {std::move(old_seed), std::move(new_seed)};
}

std::optional<DerivedSigningKey> DeriveSigningKey(const SigningKeySeed& seed) {
    auto derived = DeriveKeyAndJwk(seed);
    if (!derived) {
        return std::nullopt;
    }
    return std::move(derived->first);
}

std::optional<std::array<DerivedSigningKey, 2>> DeriveSigningKeys(std::string_view server_secret,
                                                                  std::string_view audience) {
    if (audience == "kid") {
        return std::nullopt;
    }
    const auto seeds = DeriveSigningKeySeeds(server_secret, audience);
    auto old_key = DeriveSigningKey(seeds[0]);
    auto new_key = DeriveSigningKey(seeds[1]);
    if (!old_key || !new_key) {
        return std::nullopt;
    }
    return std::array<DerivedSigningKey, 2>{std::move(*old_key), std::move(*new_key)};
}

nlohmann::ordered_json PrivateJwkJson(const DerivedSigningKey& key) {
    nlohmann::ordered_json jwk;
    jwk["kty"] = "EC";
    jwk["crv"] = "P-256";
    jwk["alg"] = "ES256";
    jwk["kid"] = key.kid;
    jwk["d"] = Base64UrlEncode(key.d);
    jwk["x"] = Base64UrlEncode(key.x);
    jwk["y"] = Base64UrlEncode(key.y);
    return jwk;
}

nlohmann::ordered_json PublicJwkJson(const DerivedSigningKey& key) {
    nlohmann::ordered_json jwk = PrivateJwkJson(key);
    jwk.erase("d");
    return jwk;
}

EvpPkeyPtr PublicKeyFromJwk(const nlohmann::json& jwk) {
    if (!jwk.is_object() || jwk.value("kty", "") != "EC" || jwk.value("crv", "") != "P-256") {
        return nullptr;
    }
    const auto x = DecodeJwkCoordinate(jwk, "x");
    const auto y = DecodeJwkCoordinate(jwk, "y");
    if (!x || !y) {
        return nullptr;
    }
    return P256PublicKeyFromCoordinates(*x, *y);
}

SigningKeys::SigningKeys(std::string server_secret, size_t max_cached_audiences)
    : server_secret_(std::move(server_secret)), max_cached_audiences_(max_cached_audiences) {}

std::shared_ptr<const AudienceKeys> SigningKeys::KeysFor(std::string_view audience) const {
    const std::string key(audience);
    {
        std::lock_guard lock(mutex_);
        if (auto it = cache_.find(key); it != cache_.end()) {
            return it->second;
        }
    }
    if (audience == "kid") {
        return nullptr;
    }
    auto entry = std::make_shared<AudienceKeys>();
    const auto seeds = DeriveSigningKeySeeds(server_secret_, audience);
    for (size_t index = 0; index < 2; ++index) {
        auto derived = DeriveKeyAndJwk(seeds[index]);
        if (!derived) {
            return nullptr;
        }
        entry->jwks[index] = std::move(derived->first);
        entry->keys[index] = std::move(derived->second);
    }
    std::lock_guard lock(mutex_);
    if (cache_.size() >= max_cached_audiences_) {
        cache_.clear();
    }
    // Another thread may have derived the same audience meanwhile; either copy is identical.
    return cache_.emplace(key, std::move(entry)).first->second;
}

nlohmann::ordered_json SigningKeys::PublicJwkSet(std::string_view project_id, bool include_restricted,
                                                 bool include_anonymous) const {
    nlohmann::ordered_json keys = nlohmann::ordered_json::array();
    auto add = [&](UserType type) {
        // Only the impossible project id "kid" has no keys; upstream would fail the request.
        if (auto audience_keys = KeysFor(AudienceFor(project_id, type))) {
            for (const auto& jwk : audience_keys->jwks) {
                keys.push_back(PublicJwkJson(jwk));
            }
        }
    };
    add(UserType::kNormal);
    if (include_restricted || include_anonymous) {
        add(UserType::kRestricted);
    }
    if (include_anonymous) {
        add(UserType::kAnonymous);
    }
    nlohmann::ordered_json body;
    body["keys"] = std::move(keys);
    return body;
}

std::optional<std::string> SigningKeys::Sign(std::string_view audience, const nlohmann::ordered_json& payload) const {
    const auto audience_keys = KeysFor(audience);
    if (!audience_keys) {
        return std::nullopt;
    }
    return SignCompactJwsEs256(audience_keys->keys[0].get(), audience_keys->jwks[0].kid, payload);
}

JwtVerification SigningKeys::Verify(std::string_view token, std::span<const std::string> allowed_issuers,
                                    int64_t now_millis) const {
    JwtVerification result;
    auto decoded = DecodeCompactJws(token);
    if (!decoded) {
        return result;
    }
    const auto aud = decoded->payload.find("aud");
    if (aud == decoded->payload.end() || !aud->is_string() || aud->get_ref<const std::string&>().empty()) {
        return result;
    }
    if (result.status = CheckJwsHeader(decoded->header); result.status != JwtStatus::kOk) {
        return result;
    }
    result.status = JwtStatus::kNoMatchingKey;
    const auto audience_keys = KeysFor(aud->get_ref<const std::string&>());
    const auto kid = decoded->header.find("kid");
    if (!audience_keys || kid == decoded->header.end() || !kid->is_string()) {
        return result;
    }
    EVP_PKEY* key = nullptr;
    for (size_t index = 0; index < 2; ++index) {
        if (audience_keys->jwks[index].kid == kid->get_ref<const std::string&>()) {
            key = audience_keys->keys[index].get();
        }
    }
    if (key == nullptr) {
        return result;
    }
    if (!VerifyEs256(key, decoded->signing_input, decoded->signature)) {
        result.status = JwtStatus::kBadSignature;
        return result;
    }
    result.status = CheckJwtClaims(decoded->payload, allowed_issuers, now_millis);
    result.payload = std::move(decoded->payload);
    return result;
}

}  // namespace stackd::crypto
