#include "crypto/password.hpp"

#include <crypt.h>

#include <memory>

#include "crypto/hash.hpp"
#include "crypto/random.hpp"

namespace stackd::crypto {
namespace {

constexpr size_t kMaxPasswordBytes = 71;
constexpr int kCost = 10;
constexpr int kMaxAcceptedCost = 16;
constexpr size_t kBcryptHashLength = 60;
constexpr size_t kSaltBytes = 16;

// crypt_rn with a per-call buffer (struct crypt_data is ~32 KiB, so it lives on the heap) keeps
// this reentrant. nullopt when libxcrypt rejects the setting.
std::optional<std::string> Crypt(const std::string& phrase, const std::string& setting) {
    auto data = std::make_unique<crypt_data>();
    const char* output = crypt_rn(phrase.c_str(), setting.c_str(), data.get(), static_cast<int>(sizeof(crypt_data)));
    // On failure libxcrypt returns null or a string starting with '*' (an invalid hash by design).
    if (output == nullptr || output[0] == '*') {
        return std::nullopt;
    }
    return std::string(output);
}

// The cheap part of IsPasswordHashValid: prefix, length and cost.
bool HasBcryptShape(std::string_view hash) {
    if (hash.size() != kBcryptHashLength || hash.substr(0, 2) != "$2" ||
        std::string_view("ayb").find(hash[2]) == std::string_view::npos || hash[3] != '$') {
        return false;
    }
    // bcryptjs reads the cost as parseInt of the text between the 2nd and 3rd '$'.
    if (hash[6] != '$' || hash[4] < '0' || hash[4] > '9' || hash[5] < '0' || hash[5] > '9') {
        return false;
    }
    const int cost = (hash[4] - '0') * 10 + (hash[5] - '0');
    return cost <= kMaxAcceptedCost;
}

}  // namespace

std::optional<std::string> HashPassword(std::string_view password) {
    if (password.size() > kMaxPasswordBytes || password.find('\0') != std::string_view::npos) {
        return std::nullopt;
    }
    const std::string salt_bytes = RandomBytes(kSaltBytes);
    char setting[CRYPT_GENSALT_OUTPUT_SIZE];
    if (crypt_gensalt_rn("$2b$", kCost, salt_bytes.data(), static_cast<int>(salt_bytes.size()), setting,
                         sizeof(setting)) == nullptr) {
        return std::nullopt;
    }
    return Crypt(std::string(password), setting);
}

bool IsPasswordHashValid(std::string_view hash) {
    return HasBcryptShape(hash) && Crypt("any string", std::string(hash)).has_value();
}

bool VerifyPassword(std::string_view password, std::string_view hash) {
    // Upstream also runs a throw-away bcrypt to validate the hash first; a failing Crypt below
    // gives the same answer for half the CPU.
    if (!HasBcryptShape(hash) || password.find('\0') != std::string_view::npos) {
        return false;
    }
    const auto computed = Crypt(std::string(password), std::string(hash));
    return computed && ConstantTimeEquals(*computed, hash);
}

}  // namespace stackd::crypto
