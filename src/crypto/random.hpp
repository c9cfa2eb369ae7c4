#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace stackd::crypto {

// Cryptographically secure random bytes (OpenSSL RAND_bytes). Aborts the request with an
// exception if the RNG fails, which never happens on a healthy system.
std::string RandomBytes(size_t count);

// Upstream's encodeBase32: big-endian bit stream, 5 bits per character, the last group
// zero-padded on the right, upper-case Crockford alphabet "0123456789ABCDEFGHJKMNPQRSTVWXYZ".
std::string EncodeCrockfordBase32(std::string_view bytes);

// The deterministic half of upstream's generateSecureRandomString: base32 of `random_bytes`,
// keeping the LAST `length` characters, lower-cased. Because the padded last group is kept, the
// final character carries fewer random bits (for 45 chars from 29 bytes it is one of 0 8 g r),
// and tokens must look exactly like that to be indistinguishable from upstream's.
// Requires random_bytes.size() * 8 >= length * 5.
std::string CrockfordStringFromBytes(std::string_view random_bytes, size_t length);

// `length` characters in upstream's secure-random-string format, drawing ceil(length * 5 / 8)
// random bytes. Equals upstream generateSecureRandomString(5 * length): RandomCrockfordString(16)
// is its 80-bit request-id form and RandomCrockfordString(45) its default (refresh tokens, keys).
std::string RandomCrockfordString(size_t length);

// Upstream's generateSecureRandomString(minBitsOfEntropy): ceil(bits / 5) characters, so 45 for
// the default 224 bits (of which 222 are actually random, see CrockfordStringFromBytes).
std::string GenerateSecureRandomString(int min_bits_of_entropy = 224);

// RFC 4122 version-4 UUID in lower-case canonical form.
std::string RandomUuidV4();
// RFC 9562 version 7: the 48-bit Unix time in milliseconds, then 74 random bits. Ids of
// rows written in time order (events) sort in that order, so their index grows at its end
// instead of touching a random page per insert.
std::string RandomUuidV7(int64_t unix_ms);

bool IsUuid(const std::string& text);

}  // namespace stackd::crypto
