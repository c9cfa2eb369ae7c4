#include "crypto/totp.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

#include "crypto/hash.hpp"

namespace stackd::crypto {
namespace {

int64_t FloorDiv(int64_t value, int64_t divisor) {
    const int64_t quotient = value / divisor;
    return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
}

}  // namespace

std::string Hotp(std::string_view key, uint64_t counter, int digits) {
    if (digits < 6 || digits > 8) {
        throw std::invalid_argument("HOTP digits must be between 6 and 8");
    }
    unsigned char message[8];
    for (int index = 7; index >= 0; --index) {
        message[index] = static_cast<unsigned char>(counter & 0xff);
        counter >>= 8;
    }
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_length = 0;
    // An empty secret is a valid (if weak) key upstream; never hand OpenSSL a null pointer for it.
    static const char kEmptyKey[1] = {0};
    const void* key_bytes = key.empty() ? kEmptyKey : key.data();
    if (HMAC(EVP_sha1(), key_bytes, static_cast<int>(key.size()), message, sizeof(message), mac, &mac_length) ==
        nullptr) {
        throw std::runtime_error("HMAC-SHA1 failed");
    }
    // Dynamic truncation (RFC 4226 §5.3): 31 bits read at the offset the last nibble names.
    const unsigned offset = mac[mac_length - 1] & 0x0f;
    const uint32_t binary = (static_cast<uint32_t>(mac[offset] & 0x7f) << 24) |
                            (static_cast<uint32_t>(mac[offset + 1]) << 16) |
                            (static_cast<uint32_t>(mac[offset + 2]) << 8) | static_cast<uint32_t>(mac[offset + 3]);
    uint32_t modulus = 1;
    for (int digit = 0; digit < digits; ++digit) {
        modulus *= 10;
    }
    std::string code = std::to_string(binary % modulus);
    code.insert(0, static_cast<size_t>(digits) - code.size(), '0');
    return code;
}

std::string Totp(std::string_view key, int64_t unix_ms, int64_t step_seconds, int digits) {
    const int64_t counter = FloorDiv(unix_ms, step_seconds * 1000);
    return Hotp(key, static_cast<uint64_t>(counter), digits);
}

bool VerifyTotp(std::string_view key, std::string_view code, int64_t unix_ms) {
    if (code.size() != static_cast<size_t>(kTotpDigits)) {
        return false;
    }
    return ConstantTimeEquals(code, Totp(key, unix_ms));
}

}  // namespace stackd::crypto
