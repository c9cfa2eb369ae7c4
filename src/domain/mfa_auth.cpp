#include "domain/mfa_auth.hpp"

#include <stdexcept>

#include "crypto/base64.hpp"
#include "crypto/totp.hpp"
#include "domain/user_repository.hpp"
#include "errors/known_error.hpp"

namespace stackd::domain {
namespace {

using errors::ErrorCode;
using errors::KnownError;

// What an attempt code carries: upstream's {user_id, is_new_user}.
struct AttemptData {
    std::string user_id;
    bool is_new_user = false;
};

AttemptData ReadAttemptData(const VerificationCode& code) {
    const auto& data = code.data;
    if (!data.is_object() || !data.contains("user_id") || !data["user_id"].is_string() ||
        !data.contains("is_new_user") || !data["is_new_user"].is_boolean()) {
        // Only CompleteFirstFactorIn writes MFA_ATTEMPT codes: a broken row, not bad input.
        throw std::runtime_error("MFA attempt code " + code.id + " has malformed data");
    }
    return {data["user_id"].get<std::string>(), data["is_new_user"].get<bool>()};
}

}  // namespace

FirstFactorOutcome MfaAuth::CompleteFirstFactorIn(storage::Connection& db, const TenancyView& tenancy, const User& user,
                                                  bool is_new_user, const ClientInfo& client) const {
    FirstFactorOutcome outcome;
    outcome.user_id = user.id;
    outcome.is_new_user = is_new_user;
    if (user.requires_totp_mfa) {
        const auto issued =
            codes_.CreateIn(db, tenancy.tenancy->id, tenancy.config, CodeType::kMfaAttempt, nlohmann::json::object(),
                            {{"user_id", user.id}, {"is_new_user", is_new_user}}, std::nullopt, kAttemptLifetimeMs);
        outcome.mfa_attempt_code = issued.code.code;
        return outcome;
    }
    outcome.tokens = sessions_.CreateIn(db, tenancy, user, std::nullopt, false, client);
    return outcome;
}

MfaSignInResult MfaAuth::SignIn(const TenancyView& tenancy, const std::string& attempt_code, const std::string& totp,
                                const ClientInfo& client) const {
    const std::string& tenancy_id = tenancy.tenancy->id;
    AttemptData attempt;
    codes_.ConsumeValidated(tenancy_id, CodeType::kMfaAttempt, attempt_code, [&](const VerificationCode& code) {
        attempt = ReadAttemptData(code);
        const auto user = store_.ReadValue(
            [&](storage::Connection& db) { return user_repository::Find(db, tenancy_id, attempt.user_id); });
        if (!user) {
            // Deleted since the first factor (upstream answers 500 here).
            throw KnownError(ErrorCode::kUserNotFound);
        }
        // No secret any more (TOTP turned off since the first factor; upstream answers 500)
        // or one that does not decode: no code can match, so the TOTP is simply wrong.
        const auto secret = user->totp_secret_base64 ? crypto::Base64Decode(*user->totp_secret_base64) : std::nullopt;
        if (!secret || !crypto::VerifyTotp(*secret, totp, clock_.NowMillis())) {
            throw KnownError(ErrorCode::kInvalidTotpCode);
        }
    });
    return store_.WriteValue([&](storage::Connection& db) {
        const auto user = user_repository::Find(db, tenancy_id, attempt.user_id);
        if (!user) {
            throw KnownError(ErrorCode::kUserNotFound);
        }
        MfaSignInResult result;
        result.sign_in = {user->id, sessions_.CreateIn(db, tenancy, *user, std::nullopt, false, client)};
        result.is_new_user = attempt.is_new_user;
        return result;
    });
}

}  // namespace stackd::domain
