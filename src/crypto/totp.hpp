#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace stackd::crypto {

// RFC 4226 HOTP over HMAC-SHA1: the `digits`-digit (6..8) decimal code for `counter`,
// zero-padded.
std::string Hotp(std::string_view key, uint64_t counter, int digits);

// RFC 6238 TOTP with upstream's parameters (@oslojs/otp generateTOTP(key, 30, 6)): HMAC-SHA1,
// 30-second steps counted from the Unix epoch, 6 digits.
inline constexpr int64_t kTotpStepSeconds = 30;
inline constexpr int kTotpDigits = 6;
std::string Totp(std::string_view key, int64_t unix_ms, int64_t step_seconds = kTotpStepSeconds,
                 int digits = kTotpDigits);

// Upstream's verifyTOTP(key, 30, 6, code): only the step containing `unix_ms` is accepted
// (no window on either side), the code must have exactly 6 characters, and it is compared
// in constant time.
bool VerifyTotp(std::string_view key, std::string_view code, int64_t unix_ms);

}  // namespace stackd::crypto
