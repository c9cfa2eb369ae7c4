#include "crypto/random.hpp"

#include <stdexcept>

#include <openssl/rand.h>

namespace stackd::crypto {

std::string RandomBytes(size_t count) {
    std::string bytes(count, '\0');
    if (count > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(count)) != 1) {
        throw std::runtime_error("RAND_bytes failed");
    }
    return bytes;
}

std::string RandomCrockfordString(size_t length) {
    static constexpr char kAlphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
    // 32 symbols: the low 5 bits of each byte pick one uniformly.
    const std::string bytes = RandomBytes(length);
    std::string out(length, '0');
    for (size_t index = 0; index < length; ++index) {
        out[index] = kAlphabet[static_cast<unsigned char>(bytes[index]) & 31];
    }
    return out;
}

std::string RandomUuidV4() {
    std::string bytes = RandomBytes(16);
    bytes[6] = static_cast<char>((bytes[6] & 0x0f) | 0x40);
    bytes[8] = static_cast<char>((bytes[8] & 0x3f) | 0x80);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (size_t index = 0; index < 16; ++index) {
        if (index == 4 || index == 6 || index == 8 || index == 10) {
            out.push_back('-');
        }
        const auto byte = static_cast<unsigned char>(bytes[index]);
        out.push_back(kHex[byte >> 4]);
        out.push_back(kHex[byte & 15]);
    }
    return out;
}

bool IsUuid(const std::string& text) {
    if (text.size() != 36) {
        return false;
    }
    for (size_t index = 0; index < text.size(); ++index) {
        const char c = text[index];
        if (index == 8 || index == 13 || index == 18 || index == 23) {
            if (c != '-') {
                return false;
            }
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    return true;
}

}  // namespace stackd::crypto
