#pragma once

#include <cstddef>
#include <string>

namespace stackd::crypto {

// Cryptographically secure random bytes (OpenSSL RAND_bytes). Aborts the request with an
// exception if the RNG fails, which never happens on a healthy system.
std::string RandomBytes(size_t count);

// Upstream's generateSecureRandomString: `length` characters of the lower-case
// Crockford base32 alphabet "0123456789abcdefghjkmnpqrstvwxyz".
std::string RandomCrockfordString(size_t length);

// RFC 4122 version-4 UUID in lower-case canonical form.
std::string RandomUuidV4();

bool IsUuid(const std::string& text);

}  // namespace stackd::crypto
