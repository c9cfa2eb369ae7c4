#include "crypto/signing_keys.hpp"

#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <vector>

#include "crypto/base64url.hpp"
#include "crypto/json_stringify.hpp"
#include "token_vectors.hpp"

namespace stackd::crypto {
namespace {

using testing::BytesToHex;
using testing::SecretNamed;
using testing::TokenVectors;

void ExpectMatchesDerivationVector(const nlohmann::json& vector) {
    SCOPED_TRACE(vector.at("audience").get<std::string>());
    const std::string secret = SecretNamed(vector.at("secret"));
    const std::string audience = vector.at("audience");
    const auto& steps = vector.at("intermediates_cross_checked");

    const auto seeds = DeriveSigningKeySeeds(secret, audience);
    const auto keys = DeriveSigningKeys(secret, audience);
    ASSERT_TRUE(keys);
    for (size_t index = 0; index < 2; ++index) {
        const auto& step = steps[index];
        EXPECT_EQ(seeds[index].derived_secret, step.at("derived_secret_b64u"));
        EXPECT_EQ(seeds[index].kid, step.at("kid"));
        const auto& key = (*keys)[index];
        EXPECT_EQ(key.kid, step.at("kid"));
        EXPECT_EQ(BytesToHex(key.d), step.at("d_hex"));
        // Minimal big-endian: exactly the full coordinate without its leading zero byte, if any.
        const std::string x_full = step.at("x_hex_full_32_bytes");
        const std::string y_full = step.at("y_hex_full_32_bytes");
        EXPECT_EQ(BytesToHex(key.x), step.at("x_has_leading_zero_byte").get<bool>() ? x_full.substr(2) : x_full);
        EXPECT_EQ(BytesToHex(key.y), step.at("y_has_leading_zero_byte").get<bool>() ? y_full.substr(2) : y_full);
    }
    const nlohmann::ordered_json private_jwks = {PrivateJwkJson((*keys)[0]), PrivateJwkJson((*keys)[1])};
    EXPECT_EQ(nlohmann::json(private_jwks), vector.at("private_jwks"));
    if (vector.contains("private_jwks_json_exact")) {  // the escaping probe records parsed JWKs only
        EXPECT_EQ(JsStringify(private_jwks), vector.at("private_jwks_json_exact"));
    }
    if (vector.contains("public_jwk_set")) {
        const nlohmann::ordered_json public_set = {{"keys", {PublicJwkJson((*keys)[0]), PublicJwkJson((*keys)[1])}}};
        EXPECT_EQ(nlohmann::json(public_set), vector.at("public_jwk_set"));
        EXPECT_EQ((*keys)[0].kid, vector.at("signing_kid"));
    }
}

TEST(SigningKeysTest, EveryDerivationVectorMatches) {
    const auto& vectors = TokenVectors().at("jwk_derivation");
    ASSERT_EQ(vectors.size(), 21u);
    for (const auto& vector : vectors) {
        ExpectMatchesDerivationVector(vector);
    }
}

TEST(SigningKeysTest, EscapingProbeAudienceDerivesUpstreamsKeys) {
    ExpectMatchesDerivationVector(TokenVectors().at("jwk_derivation_json_escaping_probe"));
}

TEST(SigningKeysTest, VectorsIncludeTrimmedCoordinatesAndWeTrimThem) {
    // The edge-case projects exist to cover 31-byte coordinates; make sure they still do.
    int short_coordinates = 0;
    for (const auto& vector : TokenVectors().at("jwk_derivation")) {
        for (const auto& jwk : vector.at("private_jwks")) {
            for (const char* name : {"x", "y"}) {
                const std::string value = jwk.at(name);
                if (value.size() == 42) {
                    ++short_coordinates;
                    EXPECT_EQ(Base64UrlDecode(value)->size(), 31u);
                }
            }
        }
    }
    EXPECT_GE(short_coordinates, 3);
}

TEST(SigningKeysTest, PublicKeyFromJwkPadsShortCoordinatesAndRejectsBadOnes) {
    for (const auto& vector : TokenVectors().at("jwk_derivation")) {
        for (const auto& jwk : vector.at("public_jwk_set").at("keys")) {
            EXPECT_TRUE(PublicKeyFromJwk(jwk)) << jwk.dump();
        }
    }
    nlohmann::json jwk = TokenVectors().at("jwk_derivation")[0].at("public_jwk_set").at("keys")[0];
    jwk["crv"] = "P-384";
    EXPECT_FALSE(PublicKeyFromJwk(jwk));
    jwk["crv"] = "P-256";
    jwk["y"] = jwk["x"];  // (x, x) is not on the curve
    EXPECT_FALSE(PublicKeyFromJwk(jwk));
    jwk["y"] = "not base64url!";
    EXPECT_FALSE(PublicKeyFromJwk(jwk));
}

TEST(SigningKeysTest, JwksEndpointBodiesMatchExactly) {
    const auto& vectors = TokenVectors().at("jwks_endpoint");
    ASSERT_EQ(vectors.size(), 26u);
    for (const auto& vector : vectors) {
        SCOPED_TRACE(vector.at("request").get<std::string>());
        const SigningKeys keys(SecretNamed(vector.at("secret")));
        const auto& query = vector.at("query");
        const bool include_restricted = query.value("include_restricted", "false") == "true";
        const bool include_anonymous = query.value("include_anonymous", "false") == "true";
        const auto body =
            keys.PublicJwkSet(vector.at("project_id").get<std::string>(), include_restricted, include_anonymous);
        EXPECT_EQ(nlohmann::json(body), vector.at("response").at("body"));
        EXPECT_EQ(JsStringify(body), vector.at("response").at("body_exact"));
        EXPECT_EQ(body.at("keys").size(), vector.at("key_count").get<size_t>());
        std::vector<std::string> kids;
        for (const auto& jwk : body.at("keys")) {
            kids.push_back(jwk.at("kid"));
        }
        EXPECT_EQ(nlohmann::json(kids), vector.at("kids_in_order"));
        EXPECT_EQ(std::set<std::string>(kids.begin(), kids.end()).size(), kids.size());
    }
}

TEST(SigningKeysTest, TheKidAudienceHasNoKeys) {
    EXPECT_FALSE(DeriveSigningKeys("secret", "kid"));
    const SigningKeys keys("secret");
    EXPECT_EQ(keys.KeysFor("kid"), nullptr);
    EXPECT_FALSE(keys.Sign("kid", nlohmann::ordered_json::object()));
    EXPECT_NE(keys.KeysFor("kid:anon"), nullptr);
}

TEST(SigningKeysTest, CacheReturnsTheSameKeysToConcurrentCallers) {
    const SigningKeys keys(SecretNamed("dev"));
    std::vector<std::shared_ptr<const AudienceKeys>> seen(8);
    std::vector<std::thread> threads;
    for (size_t index = 0; index < seen.size(); ++index) {
        threads.emplace_back([&, index] { seen[index] = keys.KeysFor("internal"); });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    for (const auto& entry : seen) {
        ASSERT_NE(entry, nullptr);
        EXPECT_EQ(entry->jwks[0].kid, "M5zZLA6iQw2n");
        EXPECT_EQ(entry->jwks[1].kid, "YllKZ6LZIF_3");
    }
    EXPECT_EQ(keys.KeysFor("internal"), keys.KeysFor("internal"));
}

TEST(SigningKeysTest, CacheIsBoundedAndStillCorrectAfterEviction) {
    const SigningKeys keys(SecretNamed("dev"), 2);
    const auto first = keys.KeysFor("internal");
    keys.KeysFor("a");
    keys.KeysFor("b");  // the cache was full: emptied, so "internal" is derived again
    const auto again = keys.KeysFor("internal");
    EXPECT_NE(first, again);
    EXPECT_EQ(first->jwks[0].kid, again->jwks[0].kid);
    EXPECT_EQ(first->jwks[1].d, again->jwks[1].d);
}

}  // namespace
}  // namespace stackd::crypto
