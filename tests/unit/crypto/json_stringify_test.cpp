#include "crypto/json_stringify.hpp"

#include <gtest/gtest.h>

#include "token_vectors.hpp"

namespace stackd::crypto {
namespace {

using testing::HexToBytes;
using testing::SecretNamed;
using testing::TokenVectors;

// The derivation preimages, built the way signing_keys.cpp builds them.
std::string OldPreimage(const std::string& secret, const std::string& audience) {
    return JsStringify(nlohmann::json::array({secret, audience}));
}
std::string NewPreimage(const std::string& type, const std::string& secret, const std::string& audience) {
    return JsStringify(nlohmann::json::array({type, secret, nlohmann::json{{"audience", audience}}}));
}

TEST(JsStringifyTest, EscapingProbeMatchesJavaScript) {
    const auto& probe = TokenVectors().at("jwk_derivation_json_escaping_probe");
    const std::string audience = probe.at("audience");
    ASSERT_EQ(audience, HexToBytes(probe.at("audience_utf8_hex").get<std::string>()));
    const std::string secret = SecretNamed(probe.at("secret"));
    const auto& steps = probe.at("intermediates_cross_checked");
    EXPECT_EQ(OldPreimage(secret, audience), steps[0].at("derived_secret_preimage_json"));
    EXPECT_EQ(NewPreimage("stack-jwk-audience-secret", secret, audience), steps[1].at("derived_secret_preimage_json"));
    EXPECT_EQ(NewPreimage("stack-jwk-kid", secret, audience), steps[1].at("kid_preimage_json"));
    // Spelled out: '/', é, €, U+2028 and the emoji raw; '"', '\' and controls escaped, \u lower-case.
    EXPECT_EQ(JsStringify(nlohmann::json("/\"\\\xc3\xa9\xe2\x80\xa8\n\x01\x1f\x7f\b\f\r\t")),
              "\"/\\\"\\\\\xc3\xa9\xe2\x80\xa8\\n\\u0001\\u001f\x7f\\b\\f\\r\\t\"");
}

TEST(JsStringifyTest, EveryDerivationPreimageInTheVectorsMatches) {
    for (const auto& vector : TokenVectors().at("jwk_derivation")) {
        const std::string secret = SecretNamed(vector.at("secret"));
        const std::string audience = vector.at("audience");
        const auto& steps = vector.at("intermediates_cross_checked");
        EXPECT_EQ(OldPreimage(secret, audience), steps[0].at("derived_secret_preimage_json"));
        EXPECT_EQ(JsStringify(nlohmann::json::array({steps[0].at("derived_secret_b64u"), "kid"})),
                  steps[0].at("kid_preimage_json"));
        EXPECT_EQ(NewPreimage("stack-jwk-audience-secret", secret, audience),
                  steps[1].at("derived_secret_preimage_json"));
        EXPECT_EQ(NewPreimage("stack-jwk-kid", secret, audience), steps[1].at("kid_preimage_json"));
    }
}

TEST(JsStringifyTest, ReproducesUpstreamsExactJwksAndPayloads) {
    for (const auto& vector : TokenVectors().at("jwk_derivation")) {
        const auto parsed = nlohmann::ordered_json::parse(vector.at("private_jwks_json_exact").get<std::string>());
        EXPECT_EQ(JsStringify(parsed), vector.at("private_jwks_json_exact"));
    }
    for (const auto& vector : TokenVectors().at("access_tokens")) {
        const auto payload = nlohmann::ordered_json::parse(vector.at("payload_json_exact").get<std::string>());
        EXPECT_EQ(JsStringify(payload), vector.at("payload_json_exact"));
    }
}

TEST(JsStringifyTest, NumbersFollowNumberToString) {
    EXPECT_EQ(JsStringify(nlohmann::json(1767225600)), "1767225600");
    EXPECT_EQ(JsStringify(nlohmann::json(-42)), "-42");
    EXPECT_EQ(JsStringify(nlohmann::json(18446744073709551615ull)), "18446744073709551615");
    EXPECT_EQ(JsStringify(nlohmann::json(100.0)), "100");
    EXPECT_EQ(JsStringify(nlohmann::json(-0.0)), "0");
    EXPECT_EQ(JsStringify(nlohmann::json(1.5)), "1.5");
    EXPECT_EQ(JsStringify(nlohmann::json(0.1)), "0.1");
    EXPECT_EQ(JsStringify(nlohmann::json(0.000001)), "0.000001");
    EXPECT_EQ(JsStringify(nlohmann::json(1e-7)), "1e-7");
    EXPECT_EQ(JsStringify(nlohmann::json(1.25e-10)), "1.25e-10");
    EXPECT_EQ(JsStringify(nlohmann::json(1e21)), "1e+21");
    EXPECT_EQ(JsStringify(nlohmann::json(123456789012345680000.0)), "123456789012345680000");
    EXPECT_EQ(JsStringify(nlohmann::json(1.7976931348623157e308)), "1.7976931348623157e+308");
    EXPECT_EQ(JsStringify(nlohmann::json(std::nan(""))), "null");
    EXPECT_EQ(JsNumberToString(-1.0 / 0.0), "-Infinity");
}

TEST(JsStringifyTest, ObjectKeysFollowJavaScriptPropertyOrder) {
    nlohmann::ordered_json object;
    object["b"] = 1;
    object["10"] = 2;
    object["a"] = nullptr;
    object["2"] = true;
    object["01"] = false;        // not canonical: stays a named key
    object["4294967295"] = "x";  // 2^32 - 1 is not an array index
    EXPECT_EQ(JsStringify(object), R"({"2":true,"10":2,"b":1,"a":null,"01":false,"4294967295":"x"})");
    EXPECT_EQ(JsStringify(nlohmann::json{{"z", {1, "two", nullptr}}, {"a", nlohmann::json::object()}}),
              R"({"a":{},"z":[1,"two",null]})");
}

TEST(JsStringifyTest, InvalidUtf8BecomesReplacementCharacter) {
    EXPECT_EQ(JsStringify(nlohmann::json(std::string("a\xff"
                                                     "b"))),
              "\"a\xef\xbf\xbd"
              "b\"");
}

}  // namespace
}  // namespace stackd::crypto
