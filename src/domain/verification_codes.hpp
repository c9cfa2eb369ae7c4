#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "storage/store.hpp"
#include "util/clock.hpp"

namespace stackd::domain {

// Upstream's VerificationCodeType values this server issues (stored as these strings).
// MFA attempt codes use MFA_ATTEMPT, a type upstream declares but never writes (it files them
// under ONE_TIME_PASSWORD, so an attempt code is "found" by /auth/otp/sign-in there): with a
// type of their own, no other flow can ever spend one.
enum class CodeType { kOneTimePassword, kPasswordReset, kContactChannelVerification, kTeamInvitation, kMfaAttempt };
const char* CodeTypeName(CodeType type);

struct VerificationCode {
    std::string tenancy_id;
    std::string id;
    CodeType type = CodeType::kOneTimePassword;
    std::string code;  // 45 lower-case characters
    std::optional<std::string> redirect_url;
    nlohmann::json method;  // e.g. {"email": ...}
    nlohmann::json data;    // flow-specific, e.g. {"user_id": ...}
    int64_t expires_at_ms = 0;
    std::optional<int64_t> used_at_ms;
    int64_t attempt_count = 0;
};

// What a created code is sent as: the code itself and, with a callback URL, the link.
struct IssuedCode {
    VerificationCode code;
    std::optional<std::string> link;
};

// The one verification-code mechanism (upstream's createVerificationCodeHandler, auth.md §4):
// codes are bound to a tenancy and a type, expire, are single use, and every attempt on a
// code's nonce counts, so a 6-character OTP cannot be guessed by trying many values.
class VerificationCodes {
public:
    static constexpr int64_t kMaxAttemptsPerCode = 20;
    static constexpr int64_t kDefaultLifetimeMs = 7LL * 24 * 60 * 60 * 1000;
    static constexpr size_t kCodeLength = 45;
    static constexpr size_t kOtpLength = 6;

    VerificationCodes(storage::Store& store, const util::Clock& clock) : store_(store), clock_(clock) {}

    // Creates a code in the caller's transaction. A callback URL must be trusted by the
    // rendered `config` (REDIRECT_URL_NOT_WHITELISTED otherwise); the link is that URL with
    // `code=<code>` set.
    IssuedCode CreateIn(storage::Connection& db, const std::string& tenancy_id, const nlohmann::json& config,
                        CodeType type, nlohmann::json method, nlohmann::json data,
                        const std::optional<std::string>& callback_url,
                        int64_t lifetime_ms = kDefaultLifetimeMs) const;

    // The check route: the code must exist with `type`, be unexpired, unused and below the
    // attempt limit; throws the matching KnownError. Counts an attempt either way.
    VerificationCode Check(const std::string& tenancy_id, CodeType type, const std::string& raw_code) const;
    // The post route: Check, then marks the code used. A concurrent second use of the same
    // code loses the race and gets VERIFICATION_CODE_ALREADY_USED.
    VerificationCode Consume(const std::string& tenancy_id, CodeType type, const std::string& raw_code) const;
    // The post route of a flow with upstream's `validate` hook (MFA's TOTP check): Check,
    // then `validate`, then mark the code used. A `validate` that throws refuses the request
    // with the code still unused and the attempt counted, so it can be retried up to the
    // attempt limit.
    VerificationCode ConsumeValidated(const std::string& tenancy_id, CodeType type, const std::string& raw_code,
                                      const std::function<void(const VerificationCode&)>& validate) const;

private:
    storage::Store& store_;
    const util::Clock& clock_;
};

// `callback_url` with the query parameter `code` set to `code` (replacing any existing
// one), serialised the WHATWG way: an empty path becomes "/".
std::string BuildCodeLink(const std::string& callback_url, const std::string& code);

}  // namespace stackd::domain
