#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stackd::crypto {

// Standard CRC-32 (IEEE 802.3, reflected, as zlib's crc32 and the npm `crc` package compute it).
uint32_t Crc32(std::string_view data);

enum class ApiKeyType { kUser, kTeam };

struct ProjectApiKeyOptions {
    std::string id;  // UUID with dashes
    bool is_public = false;
    bool is_cloud_version = false;  // upstream: the request host is api.stack-auth.com
    ApiKeyType type = ApiKeyType::kUser;
};

// Upstream's createProjectApiKey layout, 102 characters:
// <pk|sk>_<45-char secret><32-hex id, no dashes><user|team><flag><"574ck4u7h"><crc32, 8 lower-case hex>
// where flag is the Crockford digit (self-hosted ? 1 : 0) + (public ? 2 : 0) and the CRC covers
// everything before it.
std::string CreateProjectApiKey(const ProjectApiKeyOptions& options);
// The same with the 45-char secret part given (it normally comes from GenerateSecureRandomString).
std::string CreateProjectApiKeyWithSecretPart(const ProjectApiKeyOptions& options, std::string_view secret_part);

// Upstream's isApiKey: contains '_' and the marker "574ck4u7h". Cheap routing only, no validation.
bool IsApiKey(std::string_view secret);

enum class ApiKeyParseStatus {
    kOk,
    kInvalidFormat,     // "Invalid API key format"
    kInvalidType,       // "Invalid type"
    kChecksumMismatch,  // "Checksum mismatch"
};

struct ParsedProjectApiKey {
    std::string id;  // with dashes restored
    std::string prefix;
    bool is_public = false;
    bool is_cloud_version = false;
    std::string secret;  // the whole key
    std::string checksum;
    ApiKeyType type = ApiKeyType::kUser;
};

struct ProjectApiKeyParseResult {
    ApiKeyParseStatus status = ApiKeyParseStatus::kInvalidFormat;
    std::optional<ParsedProjectApiKey> key;  // kOk only
};

// Upstream's parseProjectApiKey, checks in its order: shape (prefix of [A-Za-z0-9_] then '_', the
// fixed-length parts, the marker), then type, then checksum (compared case-sensitively). The flag
// is read as JS parseInt(flag, 32) (standard radix 32, not Crockford), so a flag outside 0-9a-v
// reads as NaN: neither public nor cloud.
ProjectApiKeyParseResult ParseProjectApiKey(std::string_view secret);

// The backend-only internal key format: prefix + "_" + GenerateSecureRandomString(), e.g.
// "pck_" + 45 chars for publishable client keys ("ssk", "sak" for the other two).
std::string CreateInternalApiKey(std::string_view prefix);

}  // namespace stackd::crypto
