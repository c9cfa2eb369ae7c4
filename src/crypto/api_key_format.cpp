#include "crypto/api_key_format.hpp"

#include <fmt/format.h>

#include <array>

#include "crypto/random.hpp"

namespace stackd::crypto {
namespace {

constexpr std::string_view kMarker = "574ck4u7h";
constexpr size_t kSecretPartLength = 45;
constexpr size_t kIdPartLength = 32;
constexpr size_t kTypeLength = 4;
constexpr size_t kChecksumLength = 8;
// Everything after "<prefix>_": secret, id, type, flag, marker, checksum.
constexpr size_t kSuffixLength = kSecretPartLength + kIdPartLength + kTypeLength + 1 + kMarker.size() + kChecksumLength;

constexpr std::array<uint32_t, 256> MakeCrcTable() {
    std::array<uint32_t, 256> table{};
    for (uint32_t index = 0; index < 256; ++index) {
        uint32_t value = index;
        for (int bit = 0; bit < 8; ++bit) {
            value = (value & 1) != 0 ? 0xEDB88320u ^ (value >> 1) : value >> 1;
        }
        table[index] = value;
    }
    return table;
}

constexpr std::array<uint32_t, 256> kCrcTable = MakeCrcTable();

std::string ChecksumHex(std::string_view checksummable) { return fmt::format("{:08x}", Crc32(checksummable)); }

bool IsKeyCharacter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// JS parseInt(c, 32) for one character; nullopt stands for NaN.
std::optional<int> ParseRadix32Digit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'v') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'V') {
        return c - 'A' + 10;
    }
    return std::nullopt;
}

}  // namespace

uint32_t Crc32(std::string_view data) {
    uint32_t crc = 0xFFFFFFFFu;
    for (const char c : data) {
        crc = kCrcTable[(crc ^ static_cast<unsigned char>(c)) & 0xFF] ^ (crc >> 8);
    }
    return crc ^ 0xFFFFFFFFu;
}

std::string CreateProjectApiKeyWithSecretPart(const ProjectApiKeyOptions& options, std::string_view secret_part) {
    static constexpr char kCrockfordLower[] = "0123456789abcdefghjkmnpqrstvwxyz";
    const int flag = (options.is_cloud_version ? 0 : 1) + (options.is_public ? 2 : 0);
    std::string id_part;
    for (const char c : options.id) {
        if (c != '-') {
            id_part.push_back(c);
        }
    }
    std::string key = std::string(options.is_public ? "pk" : "sk") + "_" + std::string(secret_part) + id_part +
                      (options.type == ApiKeyType::kTeam ? "team" : "user") + kCrockfordLower[flag] +
                      std::string(kMarker);
    key += ChecksumHex(key);
    return key;
}

std::string CreateProjectApiKey(const ProjectApiKeyOptions& options) {
    return CreateProjectApiKeyWithSecretPart(options, GenerateSecureRandomString());
}

bool IsApiKey(std::string_view secret) {
    return secret.find('_') != std::string_view::npos && secret.find(kMarker) != std::string_view::npos;
}

ProjectApiKeyParseResult ParseProjectApiKey(std::string_view secret) {
    ProjectApiKeyParseResult result;
    // The fixed-length tail makes upstream's regex split unique: the prefix is everything before
    // the '_' that starts the last kSuffixLength + 1 characters.
    if (secret.size() < kSuffixLength + 2) {
        return result;
    }
    const size_t prefix_length = secret.size() - kSuffixLength - 1;
    for (const char c : secret) {
        if (!IsKeyCharacter(c)) {
            return result;
        }
    }
    size_t pos = prefix_length + 1;
    auto take = [&](size_t length) {
        const std::string_view part = secret.substr(pos, length);
        pos += length;
        return part;
    };
    if (secret[prefix_length] != '_') {
        return result;
    }
    const std::string_view prefix = secret.substr(0, prefix_length);
    const std::string_view secret_part = take(kSecretPartLength);
    const std::string_view id_part = take(kIdPartLength);
    const std::string_view type = take(kTypeLength);
    const char flag = take(1)[0];
    const std::string_view marker = take(kMarker.size());
    const std::string_view checksum = take(kChecksumLength);
    if (marker != kMarker) {
        return result;
    }
    if (type != "user" && type != "team") {
        result.status = ApiKeyParseStatus::kInvalidType;
        return result;
    }
    const std::string checksummable = std::string(prefix) + "_" + std::string(secret_part) + std::string(id_part) +
                                      std::string(type) + flag + std::string(marker);
    if (ChecksumHex(checksummable) != checksum) {
        result.status = ApiKeyParseStatus::kChecksumMismatch;
        return result;
    }
    const auto flag_value = ParseRadix32Digit(flag);
    ParsedProjectApiKey key;
    key.id = fmt::format("{}-{}-{}-{}-{}", id_part.substr(0, 8), id_part.substr(8, 4), id_part.substr(12, 4),
                         id_part.substr(16, 4), id_part.substr(20));
    key.prefix = prefix;
    key.is_public = flag_value && (*flag_value & 2) != 0;
    key.is_cloud_version = flag_value && *flag_value % 2 == 0;
    key.secret = secret;
    key.checksum = checksum;
    key.type = type == "team" ? ApiKeyType::kTeam : ApiKeyType::kUser;
    result.status = ApiKeyParseStatus::kOk;
    result.key = std::move(key);
    return result;
}

std::string CreateInternalApiKey(std::string_view prefix) {
    return std::string(prefix) + "_" + GenerateSecureRandomString();
}

}  // namespace stackd::crypto
