#include "crypto/api_key_format.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "crypto/random.hpp"
#include "token_vectors.hpp"

namespace stackd::crypto {
namespace {

using testing::HexToBytes;
using testing::TokenVectors;

ProjectApiKeyOptions OptionsFrom(const nlohmann::json& inputs) {
    ProjectApiKeyOptions options;
    options.id = inputs.at("id");
    options.is_public = inputs.at("isPublic");
    options.is_cloud_version = inputs.at("isCloudVersion");
    options.type = inputs.at("type") == "team" ? ApiKeyType::kTeam : ApiKeyType::kUser;
    return options;
}

void ExpectParsesAsUpstream(const nlohmann::json& vector) {
    const std::string key = vector.at("key");
    SCOPED_TRACE(key);
    const auto& expected = vector.at("checks").at("parseProjectApiKey");
    EXPECT_EQ(key.size(), vector.at("length").get<size_t>());
    EXPECT_EQ(fmt::format("{:08x}", Crc32(vector.at("checksummable_part").get<std::string>())),
              vector.at("crc32_ieee_of_checksummable_part_hex"));
    EXPECT_EQ(IsApiKey(key), vector.at("checks").at("isApiKey"));
    const auto result = ParseProjectApiKey(key);
    ASSERT_EQ(result.status, ApiKeyParseStatus::kOk);
    EXPECT_EQ(result.key->id, expected.at("id"));
    EXPECT_EQ(result.key->prefix, expected.at("prefix"));
    EXPECT_EQ(result.key->is_public, expected.at("isPublic"));
    EXPECT_EQ(result.key->is_cloud_version, expected.at("isCloudVersion"));
    EXPECT_EQ(result.key->secret, expected.at("secret"));
    EXPECT_EQ(result.key->checksum, expected.at("checksum"));
    EXPECT_EQ(result.key->type == ApiKeyType::kTeam ? "team" : "user", expected.at("type"));
}

TEST(ApiKeyFormatTest, Crc32IsTheIeeeCheckValue) {
    EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);
    EXPECT_EQ(Crc32(""), 0u);
}

TEST(ApiKeyFormatTest, DeterministicKeysAreReproducedExactly) {
    const auto& vectors = TokenVectors().at("project_api_keys").at("deterministic");
    ASSERT_EQ(vectors.size(), 8u);
    for (const auto& vector : vectors) {
        const auto& inputs = vector.at("inputs");
        const std::string secret_part =
            CrockfordStringFromBytes(HexToBytes(inputs.at("random_bytes_hex").get<std::string>()), 45);
        EXPECT_EQ(secret_part, vector.at("segments").at("secret_part"));
        EXPECT_EQ(CreateProjectApiKeyWithSecretPart(OptionsFrom(inputs), secret_part), vector.at("key"));
        ExpectParsesAsUpstream(vector);
    }
}

TEST(ApiKeyFormatTest, RandomUpstreamKeysParse) {
    for (const auto& vector : TokenVectors().at("project_api_keys").at("random_examples")) {
        ExpectParsesAsUpstream(vector);
    }
}

TEST(ApiKeyFormatTest, NegativesFailWithUpstreamsReason) {
    const auto& negatives = TokenVectors().at("project_api_keys").at("negatives");
    ASSERT_EQ(negatives.size(), 6u);
    for (const auto& vector : negatives) {
        const std::string key = vector.at("key");
        const std::string message = vector.at("parseProjectApiKey_error").at("message");
        SCOPED_TRACE(vector.at("label").get<std::string>());
        EXPECT_EQ(IsApiKey(key), vector.at("isApiKey"));
        const auto result = ParseProjectApiKey(key);
        const ApiKeyParseStatus expected = message == "Checksum mismatch" ? ApiKeyParseStatus::kChecksumMismatch
                                           : message == "Invalid type"    ? ApiKeyParseStatus::kInvalidType
                                                                          : ApiKeyParseStatus::kInvalidFormat;
        ASSERT_EQ(message == "Invalid API key format", expected == ApiKeyParseStatus::kInvalidFormat) << message;
        EXPECT_EQ(result.status, expected);
        EXPECT_FALSE(result.key);
    }
}

TEST(ApiKeyFormatTest, FreshKeysRoundTripForEveryFlagCombination) {
    for (const bool is_public : {false, true}) {
        for (const bool cloud : {false, true}) {
            for (const ApiKeyType type : {ApiKeyType::kUser, ApiKeyType::kTeam}) {
                const ProjectApiKeyOptions options{RandomUuidV4(), is_public, cloud, type};
                const std::string key = CreateProjectApiKey(options);
                EXPECT_EQ(key.size(), 102u);
                EXPECT_EQ(key.substr(0, 3), is_public ? "pk_" : "sk_");
                const auto parsed = ParseProjectApiKey(key);
                ASSERT_EQ(parsed.status, ApiKeyParseStatus::kOk) << key;
                EXPECT_EQ(parsed.key->id, options.id);
                EXPECT_EQ(parsed.key->is_public, is_public);
                EXPECT_EQ(parsed.key->is_cloud_version, cloud);
                EXPECT_EQ(parsed.key->type, type);
            }
        }
    }
}

TEST(ApiKeyFormatTest, ScannerFlagIsReadAsRadix32) {
    // A hand-made key with flag 'w' (not a radix-32 digit: NaN) and a valid CRC: neither public nor cloud.
    const std::string body = "sk_" + std::string(45, 'a') + std::string(32, '0') + "user" + "w" + "574ck4u7h";
    const auto parsed = ParseProjectApiKey(body + fmt::format("{:08x}", Crc32(body)));
    ASSERT_EQ(parsed.status, ApiKeyParseStatus::kOk);
    EXPECT_FALSE(parsed.key->is_public);
    EXPECT_FALSE(parsed.key->is_cloud_version);
    // A prefix may itself contain underscores.
    const std::string long_prefix = "my_app_" + body.substr(3);
    const auto with_prefix = ParseProjectApiKey(long_prefix + fmt::format("{:08x}", Crc32(long_prefix)));
    ASSERT_EQ(with_prefix.status, ApiKeyParseStatus::kOk);
    EXPECT_EQ(with_prefix.key->prefix, "my_app");
}

TEST(ApiKeyFormatTest, InternalKeysHaveUpstreamsFormat) {
    const auto& vectors = TokenVectors().at("internal_api_keys");
    const std::string bytes =
        HexToBytes(vectors.at("deterministic_example").at("random_bytes_hex_consumed_in_order").get<std::string>());
    ASSERT_EQ(bytes.size(), 87u);
    const char* fields[] = {"publishable_client_key", "secret_server_key", "super_secret_admin_key"};
    const char* prefixes[] = {"pck", "ssk", "sak"};
    for (size_t index = 0; index < 3; ++index) {
        EXPECT_EQ(std::string(prefixes[index]) + "_" + CrockfordStringFromBytes(bytes.substr(29 * index, 29), 45),
                  vectors.at("deterministic_example").at(fields[index]));
        const std::string fresh = CreateInternalApiKey(prefixes[index]);
        EXPECT_EQ(fresh.size(), vectors.at("random_example").at(fields[index]).get<std::string>().size());
        EXPECT_EQ(fresh.substr(0, 4), std::string(prefixes[index]) + "_");
        EXPECT_EQ(IsApiKey(fresh), vectors.at("isApiKey_on_these"));
    }
}

}  // namespace
}  // namespace stackd::crypto
