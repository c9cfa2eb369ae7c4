#include "crypto/jwt.hpp"

#include <gtest/gtest.h>

#include "crypto/access_token.hpp"
#include "crypto/base64url.hpp"
#include "crypto/json_stringify.hpp"
#include "crypto/signing_keys.hpp"
#include "token_vectors.hpp"

namespace stackd::crypto {
namespace {

using testing::Millis;
using testing::SecretNamed;
using testing::TokenVectors;

// Every upstream-signed token, plus the one signed with the new-scheme key.
std::vector<nlohmann::json> AllUpstreamTokens() {
    std::vector<nlohmann::json> tokens(TokenVectors().at("access_tokens").begin(),
                                       TokenVectors().at("access_tokens").end());
    tokens.push_back(TokenVectors().at("access_token_signed_with_new_kid"));
    return tokens;
}

std::vector<std::string> AllIssuers(const nlohmann::json& vector) {
    return AllowedIssuers("http://localhost:8102", vector.at("project_id").get<std::string>(), true, true);
}

// Re-signs nothing: swaps one segment, keeping the others.
std::string ReplaceSegment(const std::string& token, int index, const std::string& segment) {
    const size_t first = token.find('.');
    const size_t second = token.find('.', first + 1);
    std::string parts[3] = {token.substr(0, first), token.substr(first + 1, second - first - 1),
                            token.substr(second + 1)};
    parts[index] = segment;
    return parts[0] + "." + parts[1] + "." + parts[2];
}

TEST(JwtTest, TokenSegmentsAreUpstreamsExactJson) {
    for (const auto& vector : AllUpstreamTokens()) {
        const auto decoded = DecodeCompactJws(vector.at("token").get<std::string>());
        ASSERT_TRUE(decoded);
        EXPECT_EQ(JsStringify(decoded->header), vector.at("header_json_exact"));
        EXPECT_EQ(JsStringify(decoded->payload), vector.at("payload_json_exact"));
        EXPECT_EQ(decoded->signature.size(), vector.at("signature_bytes").get<size_t>());
        EXPECT_EQ(nlohmann::json(decoded->header), vector.at("expected").at("header"));
        EXPECT_FALSE(decoded->header.contains("typ"));
    }
}

TEST(JwtTest, EveryUpstreamTokenVerifiesInsideItsLifetime) {
    const auto tokens = AllUpstreamTokens();
    ASSERT_EQ(tokens.size(), 16u);
    for (const auto& vector : tokens) {
        SCOPED_TRACE(vector.at("token").get<std::string>());
        const SigningKeys keys(SecretNamed(vector.at("secret")));
        const auto& expected = vector.at("expected").at("payload");
        const int64_t iat = expected.at("iat");
        const int64_t exp = expected.at("exp");
        const auto issuers = AllIssuers(vector);
        const std::string token = vector.at("token");
        for (const int64_t now : {Millis(iat), Millis(iat + 1), Millis(exp - 1), Millis(exp) - 1, Millis(iat - 3600)}) {
            const auto result = keys.Verify(token, issuers, now);
            EXPECT_EQ(result.status, JwtStatus::kOk) << JwtStatusName(result.status) << " at " << now;
            EXPECT_EQ(nlohmann::json(result.payload), expected);
        }
        const auto expired = keys.Verify(token, issuers, Millis(exp));
        EXPECT_EQ(expired.status, JwtStatus::kExpired);
        EXPECT_EQ(expired.payload.at("exp"), exp);  // the caller reports when it expired
    }
}

TEST(JwtTest, UpstreamTokensVerifyAgainstTheServedJwksToo) {
    // An independent path: the public key parsed back from the published JWK (short coordinates
    // padded), as a third-party verifier would do it.
    for (const auto& vector : AllUpstreamTokens()) {
        const SigningKeys keys(SecretNamed(vector.at("secret")));
        const auto body = keys.PublicJwkSet(vector.at("project_id").get<std::string>(), true, true);
        const auto decoded = DecodeCompactJws(vector.at("token").get<std::string>());
        ASSERT_TRUE(decoded);
        int matches = 0;
        for (const auto& jwk : body.at("keys")) {
            if (jwk.at("kid") == decoded->header.at("kid")) {
                ++matches;
                const auto key = PublicKeyFromJwk(nlohmann::json(jwk));
                ASSERT_TRUE(key);
                EXPECT_TRUE(VerifyEs256(key.get(), decoded->signing_input, decoded->signature));
            }
        }
        EXPECT_EQ(matches, 1);
    }
}

TEST(JwtTest, IssuerMustBeAllowed) {
    for (const auto& vector : TokenVectors().at("access_tokens")) {
        const SigningKeys keys(SecretNamed(vector.at("secret")));
        const std::vector<std::string> normal_only = {
            IssuerFor("http://localhost:8102", vector.at("project_id").get<std::string>(), UserType::kNormal)};
        const auto result = keys.Verify(vector.at("token").get<std::string>(), normal_only,
                                        Millis(vector.at("expected").at("payload").at("iat").get<int64_t>() + 1));
        const bool normal = vector.at("user_type") == "normal";
        EXPECT_EQ(result.status, normal ? JwtStatus::kOk : JwtStatus::kBadIssuer);
        const std::vector<std::string> other_host = {"https://api.stack-auth.com/api/v1/projects/internal"};
        EXPECT_EQ(keys.Verify(vector.at("token").get<std::string>(), other_host, Millis(1767225601)).status,
                  JwtStatus::kBadIssuer);
    }
}

TEST(JwtTest, ForgedTamperedAndMisroutedTokensAreRefused) {
    const auto& vector = TokenVectors().at("access_tokens")[0];
    const std::string token = vector.at("token");
    const SigningKeys keys(SecretNamed(vector.at("secret")));
    const auto issuers = AllIssuers(vector);
    const int64_t now = Millis(1767225601);
    const auto decoded = *DecodeCompactJws(token);

    std::string flipped = decoded.signature;
    flipped[10] = static_cast<char>(flipped[10] ^ 1);
    EXPECT_EQ(keys.Verify(ReplaceSegment(token, 2, Base64UrlEncode(flipped)), issuers, now).status,
              JwtStatus::kBadSignature);
    EXPECT_EQ(
        keys.Verify(ReplaceSegment(token, 2, Base64UrlEncode(decoded.signature.substr(0, 63))), issuers, now).status,
        JwtStatus::kBadSignature);

    // Claims edited after signing: the signature no longer covers them.
    nlohmann::ordered_json payload = decoded.payload;
    payload["exp"] = 4102444800;
    EXPECT_EQ(keys.Verify(ReplaceSegment(token, 1, Base64UrlEncode(JsStringify(payload))), issuers, now).status,
              JwtStatus::kBadSignature);

    // Same claims signed with another server secret: its kid is unknown here...
    const SigningKeys other(SecretNamed("random"));
    const auto forged = other.Sign("internal", decoded.payload);
    ASSERT_TRUE(forged);
    EXPECT_EQ(keys.Verify(*forged, issuers, now).status, JwtStatus::kNoMatchingKey);
    // ...and claiming our kid does not help.
    const auto forged_kid = SignCompactJwsEs256(other.KeysFor("internal")->keys[0].get(),
                                                decoded.header.at("kid").get<std::string>(), decoded.payload);
    ASSERT_TRUE(forged_kid);
    EXPECT_EQ(keys.Verify(*forged_kid, issuers, now).status, JwtStatus::kBadSignature);

    auto with_header = [&](const nlohmann::ordered_json& header) {
        return ReplaceSegment(token, 0, Base64UrlEncode(JsStringify(header)));
    };
    nlohmann::ordered_json header = decoded.header;
    header["kid"] = "AAAAAAAAAAAA";
    EXPECT_EQ(keys.Verify(with_header(header), issuers, now).status, JwtStatus::kNoMatchingKey);
    header.erase("kid");
    EXPECT_EQ(keys.Verify(with_header(header), issuers, now).status, JwtStatus::kNoMatchingKey);
    header["kid"] = decoded.header.at("kid");
    header["alg"] = "HS256";
    EXPECT_EQ(keys.Verify(with_header(header), issuers, now).status, JwtStatus::kUnsupportedAlgorithm);
    header["alg"] = "none";
    EXPECT_EQ(keys.Verify(with_header(header), issuers, now).status, JwtStatus::kUnsupportedAlgorithm);
    header.erase("alg");
    EXPECT_EQ(keys.Verify(with_header(header), issuers, now).status, JwtStatus::kMalformed);
    header["alg"] = "ES256";
    header["crit"] = {"exp"};
    EXPECT_EQ(keys.Verify(with_header(header), issuers, now).status, JwtStatus::kMalformed);

    for (const char* garbage : {"", "a.b", "a.b.c.d", "eyJ.eyJ.sig", "....", "not a token"}) {
        EXPECT_EQ(keys.Verify(garbage, issuers, now).status, JwtStatus::kMalformed) << garbage;
    }
    // A JSON array payload and a token whose aud is not a string are malformed too.
    EXPECT_EQ(keys.Verify(ReplaceSegment(token, 1, Base64UrlEncode("[1]")), issuers, now).status,
              JwtStatus::kMalformed);
    payload = decoded.payload;
    payload["aud"] = nlohmann::ordered_json::array({"internal"});
    EXPECT_EQ(keys.Verify(ReplaceSegment(token, 1, Base64UrlEncode(JsStringify(payload))), issuers, now).status,
              JwtStatus::kMalformed);
}

TEST(JwtTest, TokensWeSignVerifyAndCarryUpstreamsHeader) {
    const SigningKeys keys(SecretNamed("dev"));
    nlohmann::ordered_json payload = {{"sub", "user"}};
    AddRegisteredClaims(payload, "http://localhost:8102/api/v1/projects/internal", "internal", 1767225600, 600);
    EXPECT_EQ(JsStringify(payload),
              R"({"sub":"user","iss":"http://localhost:8102/api/v1/projects/internal","iat":1767225600,)"
              R"("aud":"internal","exp":1767226200})");
    const auto token = keys.Sign("internal", payload);
    ASSERT_TRUE(token);
    const auto decoded = DecodeCompactJws(*token);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(JsStringify(decoded->header), R"({"alg":"ES256","kid":"M5zZLA6iQw2n"})");
    EXPECT_EQ(decoded->signature.size(), 64u);
    const std::vector<std::string> issuers = {"http://localhost:8102/api/v1/projects/internal"};
    EXPECT_EQ(keys.Verify(*token, issuers, Millis(1767225600)).status, JwtStatus::kOk);
    EXPECT_EQ(keys.Verify(*token, issuers, Millis(1767226200)).status, JwtStatus::kExpired);
    // ECDSA is randomized: two signatures differ, both verify.
    const auto again = keys.Sign("internal", payload);
    EXPECT_NE(*again, *token);
    EXPECT_EQ(keys.Verify(*again, issuers, Millis(1767225600)).status, JwtStatus::kOk);
}

TEST(JwtTest, ClaimChecksFollowJose) {
    const std::vector<std::string> issuers = {"iss"};
    const int64_t now = Millis(1000);
    auto check = [&](nlohmann::ordered_json payload) { return CheckJwtClaims(payload, issuers, now); };
    EXPECT_EQ(check({{"iss", "iss"}}), JwtStatus::kOk);  // no exp: jose accepts
    EXPECT_EQ(check({{"exp", 1001}}), JwtStatus::kBadIssuer);
    EXPECT_EQ(check({{"iss", 5}}), JwtStatus::kBadIssuer);
    EXPECT_EQ(check({{"iss", "iss"}, {"exp", 1001}}), JwtStatus::kOk);
    EXPECT_EQ(check({{"iss", "iss"}, {"exp", 1000}}), JwtStatus::kExpired);
    EXPECT_EQ(check({{"iss", "iss"}, {"exp", 1000.5}}), JwtStatus::kOk);
    EXPECT_EQ(check({{"iss", "iss"}, {"exp", "2000"}}), JwtStatus::kInvalidClaim);
    EXPECT_EQ(check({{"iss", "iss"}, {"iat", "x"}, {"exp", 2000}}), JwtStatus::kInvalidClaim);
    EXPECT_EQ(check({{"iss", "iss"}, {"iat", 5000}, {"exp", 2000}}), JwtStatus::kOk);  // iat not checked
    EXPECT_EQ(check({{"iss", "iss"}, {"nbf", 1001}, {"exp", 2000}}), JwtStatus::kNotYetValid);
    EXPECT_EQ(check({{"iss", "iss"}, {"nbf", 1000}, {"exp", 2000}}), JwtStatus::kOk);
    EXPECT_EQ(check({{"iss", "wrong"}, {"exp", 1}}), JwtStatus::kBadIssuer);  // iss before exp
    EXPECT_EQ(EpochSeconds(1999), 1);
    EXPECT_EQ(EpochSeconds(-1), -1);
}

TEST(JwtTest, JoseDurationsParseAsJoseDoes) {
    EXPECT_EQ(ParseJoseDurationSeconds("10min"), 600);
    EXPECT_EQ(ParseJoseDurationSeconds("60s"), 60);
    EXPECT_EQ(ParseJoseDurationSeconds("5m"), 300);
    EXPECT_EQ(ParseJoseDurationSeconds("1.5 hours"), 5400);
    EXPECT_EQ(ParseJoseDurationSeconds("2 Days"), 172800);
    EXPECT_EQ(ParseJoseDurationSeconds("1w"), 604800);
    EXPECT_EQ(ParseJoseDurationSeconds("1y"), 31557600);
    EXPECT_EQ(ParseJoseDurationSeconds("0.4s"), 0);
    EXPECT_EQ(ParseJoseDurationSeconds("0.5s"), 1);
    EXPECT_EQ(ParseJoseDurationSeconds("-1h"), -3600);
    EXPECT_EQ(ParseJoseDurationSeconds("+ 1h"), 3600);
    EXPECT_EQ(ParseJoseDurationSeconds("1h ago"), -3600);
    EXPECT_EQ(ParseJoseDurationSeconds("1h AGO"), 3600);  // jose compares the suffix case-sensitively
    EXPECT_EQ(ParseJoseDurationSeconds("1h from now"), 3600);
    for (const char* bad :
         {"", "10", "min", "10 minutes later", "10  min", "-1h ago", ".5s", "5.s", "10 lightyears", "10secss"}) {
        EXPECT_FALSE(ParseJoseDurationSeconds(bad)) << bad;
    }
}

}  // namespace
}  // namespace stackd::crypto
