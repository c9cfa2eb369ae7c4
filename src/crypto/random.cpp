#include "crypto/random.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace stackd::crypto {

namespace {

// Each thread draws from its own buffer of CSPRNG output, refilled from RAND_bytes 4 KiB at
// a time: a RAND_bytes call costs a lock, a fork check (a getpid system call) and a DRBG
// round, more than the few bytes a request id or token needs. The bytes are the same
// OpenSSL DRBG output, only fetched in bulk, and each byte is handed out once. (stackd
// never forks, so a child can never replay its parent's buffer.)
class RandomPool {
public:
    void Fill(unsigned char* out, size_t count) {
        while (count > 0) {
            if (used_ == buffer_.size()) {
                Refill();
            }
            const size_t take = std::min(count, buffer_.size() - used_);
            std::memcpy(out, buffer_.data() + used_, take);
            OPENSSL_cleanse(buffer_.data() + used_, take);
            used_ += take;
            out += take;
            count -= take;
        }
    }

private:
    void Refill() {
        if (RAND_bytes(buffer_.data(), static_cast<int>(buffer_.size())) != 1) {
            throw std::runtime_error("RAND_bytes failed");
        }
        used_ = 0;
    }

    std::array<unsigned char, 4096> buffer_{};
    size_t used_ = buffer_.size();
};

}  // namespace

std::string RandomBytes(size_t count) {
    thread_local RandomPool pool;
    std::string bytes(count, '\0');
    pool.Fill(reinterpret_cast<unsigned char*>(bytes.data()), count);
    return bytes;
}

std::string EncodeCrockfordBase32(std::string_view bytes) {
    static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    std::string out;
    out.reserve((bytes.size() * 8 + 4) / 5);
    uint32_t buffer = 0;
    int bits = 0;
    for (const char c : bytes) {
        buffer = (buffer << 8) | static_cast<unsigned char>(c);
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            out.push_back(kAlphabet[(buffer >> bits) & 31]);
        }
    }
    if (bits > 0) {
        out.push_back(kAlphabet[(buffer << (5 - bits)) & 31]);
    }
    return out;
}

std::string CrockfordStringFromBytes(std::string_view random_bytes, size_t length) {
    std::string encoded = EncodeCrockfordBase32(random_bytes);
    if (encoded.size() > length) {
        encoded.erase(0, encoded.size() - length);
    }
    for (char& c : encoded) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return encoded;
}

std::string RandomCrockfordString(size_t length) {
    return CrockfordStringFromBytes(RandomBytes((length * 5 + 7) / 8), length);
}

std::string GenerateSecureRandomString(int min_bits_of_entropy) {
    const int bits = min_bits_of_entropy > 0 ? min_bits_of_entropy : 0;
    return RandomCrockfordString(static_cast<size_t>((bits + 4) / 5));
}

namespace {

std::string FormatUuid(const std::string& bytes) {
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

}  // namespace

std::string RandomUuidV4() {
    std::string bytes = RandomBytes(16);
    bytes[6] = static_cast<char>((bytes[6] & 0x0f) | 0x40);
    bytes[8] = static_cast<char>((bytes[8] & 0x3f) | 0x80);
    return FormatUuid(bytes);
}

std::string RandomUuidV7(int64_t unix_ms) {
    std::string bytes = RandomBytes(16);
    const auto timestamp = static_cast<uint64_t>(unix_ms);
    for (int index = 0; index < 6; ++index) {
        bytes[static_cast<size_t>(index)] = static_cast<char>((timestamp >> (8 * (5 - index))) & 0xff);
    }
    bytes[6] = static_cast<char>((bytes[6] & 0x0f) | 0x70);
    bytes[8] = static_cast<char>((bytes[8] & 0x3f) | 0x80);
    return FormatUuid(bytes);
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
