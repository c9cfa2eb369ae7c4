#include "crypto/aes_gcm.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <memory>
#include <stdexcept>

#include "crypto/random.hpp"

namespace stackd::crypto {
namespace {

constexpr size_t kKeyLength = 32;
constexpr size_t kNonceLength = 12;
constexpr size_t kTagLength = 16;

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherContext NewContext() {
    CipherContext context(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    if (!context) {
        throw std::runtime_error("EVP_CIPHER_CTX_new failed");
    }
    return context;
}

const unsigned char* Bytes(std::string_view text) { return reinterpret_cast<const unsigned char*>(text.data()); }
unsigned char* Bytes(std::string& text) { return reinterpret_cast<unsigned char*>(text.data()); }

void RequireKey(std::string_view key) {
    if (key.size() != kKeyLength) {
        throw std::invalid_argument("AES-256-GCM needs a 32-byte key");
    }
}

}  // namespace

std::string DeriveKey(std::string_view root_secret, std::string_view label) {
    std::string key(kKeyLength, '\0');
    unsigned int length = 0;
    if (HMAC(EVP_sha256(), root_secret.data(), static_cast<int>(root_secret.size()), Bytes(label), label.size(),
             Bytes(key), &length) == nullptr ||
        length != kKeyLength) {
        throw std::runtime_error("HMAC-SHA256 failed");
    }
    return key;
}

std::string AesGcmSeal(std::string_view key, std::string_view plaintext, std::string_view associated_data) {
    RequireKey(key);
    const std::string nonce = RandomBytes(kNonceLength);
    auto context = NewContext();
    std::string out = nonce;
    out.resize(kNonceLength + plaintext.size() + kTagLength);
    int length = 0;
    int total = 0;
    if (EVP_EncryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, Bytes(key), Bytes(nonce)) != 1 ||
        EVP_EncryptUpdate(context.get(), nullptr, &length, Bytes(associated_data),
                          static_cast<int>(associated_data.size())) != 1 ||
        EVP_EncryptUpdate(context.get(), Bytes(out) + kNonceLength, &length, Bytes(plaintext),
                          static_cast<int>(plaintext.size())) != 1) {
        throw std::runtime_error("AES-256-GCM encryption failed");
    }
    total = length;
    if (EVP_EncryptFinal_ex(context.get(), Bytes(out) + kNonceLength + total, &length) != 1 ||
        EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, kTagLength,
                            Bytes(out) + kNonceLength + plaintext.size()) != 1) {
        throw std::runtime_error("AES-256-GCM encryption failed");
    }
    return out;
}

std::optional<std::string> AesGcmOpen(std::string_view key, std::string_view sealed,
                                      std::string_view associated_data) {
    RequireKey(key);
    if (sealed.size() < kNonceLength + kTagLength) {
        return std::nullopt;
    }
    const std::string_view nonce = sealed.substr(0, kNonceLength);
    const std::string_view ciphertext = sealed.substr(kNonceLength, sealed.size() - kNonceLength - kTagLength);
    std::string tag(sealed.substr(sealed.size() - kTagLength));
    auto context = NewContext();
    std::string plaintext(ciphertext.size(), '\0');
    int length = 0;
    if (EVP_DecryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, Bytes(key), Bytes(nonce)) != 1 ||
        EVP_DecryptUpdate(context.get(), nullptr, &length, Bytes(associated_data),
                          static_cast<int>(associated_data.size())) != 1 ||
        EVP_DecryptUpdate(context.get(), Bytes(plaintext), &length, Bytes(ciphertext),
                          static_cast<int>(ciphertext.size())) != 1 ||
        EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_TAG, kTagLength, Bytes(tag)) != 1) {
        return std::nullopt;
    }
    // Final fails when the tag does not match: nothing decrypted is returned then.
    if (EVP_DecryptFinal_ex(context.get(), Bytes(plaintext) + length, &length) != 1) {
        return std::nullopt;
    }
    return plaintext;
}

}  // namespace stackd::crypto
