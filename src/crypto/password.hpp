#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace stackd::crypto {

// bcrypt, cost 10, "$2b$" (what upstream's hashPassword, bcryptjs 3, writes), via libxcrypt.
// nullopt when upstream would refuse: the password is 72 UTF-8 bytes or longer (bcrypt ignores
// everything past 72, so two such passwords could share a hash). Also nullopt for an embedded NUL,
// which crypt() would silently cut the password at.
std::optional<std::string> HashPassword(std::string_view password);

// Upstream's isPasswordHashValid: "$2a$", "$2b$" or "$2y$", exactly 60 characters, cost at most 16
// (a higher cost would let an imported hash stall sign-in), and accepted by bcrypt.
bool IsPasswordHashValid(std::string_view hash);

// Upstream's comparePassword: false for an invalid hash; otherwise bcrypt(password, hash) compared
// to `hash` in constant time. Passwords longer than 72 bytes are accepted and only their first 72
// bytes count, as in bcryptjs. A password with an embedded NUL never matches (see HashPassword).
bool VerifyPassword(std::string_view password, std::string_view hash);

}  // namespace stackd::crypto
