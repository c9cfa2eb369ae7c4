#include "crypto/hash.hpp"

#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/evp.h>

namespace stackd::crypto {

Sha256Bytes Sha256Digest(std::string_view data) {
    // Fetched from the default provider once: OpenSSL 3's one-shot SHA256() fetches the
    // algorithm on every call, which costs more than hashing a short input.
    static EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    Sha256Bytes digest;
    unsigned int size = 0;
    if (kSha256 == nullptr || EVP_Digest(data.data(), data.size(), digest.data(), &size, kSha256, nullptr) != 1 ||
        size != digest.size()) {
        throw std::runtime_error("SHA-256 failed");
    }
    return digest;
}

std::string Sha256(std::string_view data) {
    const auto digest = Sha256Digest(data);
    return std::string(digest.begin(), digest.end());
}

std::string Sha256Hex(std::string_view data) {
    const auto digest = Sha256Digest(data);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * digest.size());
    for (unsigned char byte : digest) {
        out.push_back(kHex[byte >> 4]);
        out.push_back(kHex[byte & 15]);
    }
    return out;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace stackd::crypto
