#include "domain/verification_codes.hpp"

#include <algorithm>
#include <cctype>

#include "crypto/random.hpp"
#include "domain/redirect_urls.hpp"
#include "errors/known_error.hpp"
#include "http/url.hpp"

namespace stackd::domain {
namespace {

using errors::ErrorCode;
using errors::KnownError;

// The outcome of one attempt, decided inside the transaction and thrown after it commits:
// the attempt count must be stored even when the attempt fails.
enum class Outcome { kOk, kNotFound, kExpired, kAlreadyUsed, kMaxAttempts };

void ThrowFor(Outcome outcome) {
    switch (outcome) {
        case Outcome::kOk:
            return;
        case Outcome::kNotFound:
            throw KnownError(ErrorCode::kVerificationCodeNotFound);
        case Outcome::kExpired:
            throw KnownError(ErrorCode::kVerificationCodeExpired);
        case Outcome::kAlreadyUsed:
            throw KnownError(ErrorCode::kVerificationCodeAlreadyUsed);
        case Outcome::kMaxAttempts:
            throw KnownError(ErrorCode::kVerificationCodeMaxAttemptsReached);
    }
}

std::string Lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

CodeType TypeFromName(const std::string& name) {
    if (name == "PASSWORD_RESET") {
        return CodeType::kPasswordReset;
    }
    if (name == "CONTACT_CHANNEL_VERIFICATION") {
        return CodeType::kContactChannelVerification;
    }
    if (name == "TEAM_INVITATION") {
        return CodeType::kTeamInvitation;
    }
    if (name == "MFA_ATTEMPT") {
        return CodeType::kMfaAttempt;
    }
    return CodeType::kOneTimePassword;
}

nlohmann::json ParseJson(const std::string& text) {
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    return parsed.is_discarded() ? nlohmann::json(nullptr) : parsed;
}

struct Attempt {
    Outcome outcome = Outcome::kNotFound;
    VerificationCode code;
};

// Looks the code up with its type and counts the attempt on its nonce (every code of the
// tenancy sharing it, any type, as upstream) before any check, so misses count too.
Attempt RecordAttempt(storage::Connection& db, const std::string& tenancy_id, CodeType type,
                      const std::string& code, int64_t now) {
    Attempt attempt;
    auto row = db.QueryOne(
        "SELECT id, type, code, redirect_url, method, data, expires_at, used_at, attempt_count FROM "
        "verification_codes WHERE tenancy_id = $1 AND code = $2 AND type = $3",
        {tenancy_id, code, std::string(CodeTypeName(type))});
    if (code.size() > VerificationCodes::kOtpLength) {
        db.Execute("UPDATE verification_codes SET attempt_count = attempt_count + 1 WHERE tenancy_id = $1 AND nonce = $2",
                   {tenancy_id, code.substr(VerificationCodes::kOtpLength)});
    }
    if (!row) {
        return attempt;
    }
    auto& found = attempt.code;
    found.tenancy_id = tenancy_id;
    found.id = row->Text(0);
    found.type = TypeFromName(row->Text(1));
    found.code = row->Text(2);
    found.redirect_url = row->OptText(3);
    found.method = ParseJson(row->Text(4));
    found.data = ParseJson(row->Text(5));
    found.expires_at_ms = row->Int(6);
    found.used_at_ms = row->OptInt(7);
    found.attempt_count = row->Int(8);  // the value before this attempt's increment
    if (found.expires_at_ms < now) {
        attempt.outcome = Outcome::kExpired;
    } else if (found.used_at_ms) {
        attempt.outcome = Outcome::kAlreadyUsed;
    } else if (found.attempt_count >= VerificationCodes::kMaxAttemptsPerCode) {
        attempt.outcome = Outcome::kMaxAttempts;
    } else {
        attempt.outcome = Outcome::kOk;
    }
    return attempt;
}

}  // namespace

const char* CodeTypeName(CodeType type) {
    switch (type) {
        case CodeType::kOneTimePassword:
            return "ONE_TIME_PASSWORD";
        case CodeType::kPasswordReset:
            return "PASSWORD_RESET";
        case CodeType::kContactChannelVerification:
            return "CONTACT_CHANNEL_VERIFICATION";
        case CodeType::kTeamInvitation:
            return "TEAM_INVITATION";
        case CodeType::kMfaAttempt:
            return "MFA_ATTEMPT";
    }
    return "ONE_TIME_PASSWORD";
}

IssuedCode VerificationCodes::CreateIn(storage::Connection& db, const std::string& tenancy_id,
                                       const nlohmann::json& config, CodeType type, nlohmann::json method,
                                       nlohmann::json data, const std::optional<std::string>& callback_url,
                                       int64_t lifetime_ms) const {
    if (callback_url && !IsRedirectUrlTrusted(*callback_url, config)) {
        throw KnownError(ErrorCode::kRedirectUrlNotWhitelisted);
    }
    const int64_t now = clock_.NowMillis();
    IssuedCode issued;
    auto& code = issued.code;
    code.tenancy_id = tenancy_id;
    code.id = crypto::RandomUuidV4();
    code.type = type;
    code.code = crypto::GenerateSecureRandomString();
    code.redirect_url = callback_url;
    code.method = std::move(method);
    code.data = std::move(data);
    code.expires_at_ms = now + lifetime_ms;
    db.Execute(
        "INSERT INTO verification_codes (tenancy_id, id, type, code, nonce, redirect_url, method, data, expires_at, "
        "attempt_count, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10)",
        {tenancy_id, code.id, std::string(CodeTypeName(type)), code.code, code.code.substr(kOtpLength),
         callback_url ? storage::Value(*callback_url) : storage::Null(), code.method.dump(), code.data.dump(),
         code.expires_at_ms, now});
    if (callback_url) {
        issued.link = BuildCodeLink(*callback_url, code.code);
    }
    return issued;
}

VerificationCode VerificationCodes::Check(const std::string& tenancy_id, CodeType type,
                                          const std::string& raw_code) const {
    const std::string code = Lower(raw_code);
    const auto attempt = store_.WriteValue([&](storage::Connection& db) {
        return RecordAttempt(db, tenancy_id, type, code, clock_.NowMillis());
    });
    ThrowFor(attempt.outcome);
    return attempt.code;
}

VerificationCode VerificationCodes::Consume(const std::string& tenancy_id, CodeType type,
                                            const std::string& raw_code) const {
    const std::string code = Lower(raw_code);
    const auto attempt = store_.WriteValue([&](storage::Connection& db) {
        const int64_t now = clock_.NowMillis();
        Attempt result = RecordAttempt(db, tenancy_id, type, code, now);
        if (result.outcome == Outcome::kOk) {
            // The used_at predicate makes the use single even when two requests race.
            const auto changed = db.Execute(
                "UPDATE verification_codes SET used_at = $3 WHERE tenancy_id = $1 AND id = $2 AND used_at IS NULL",
                {tenancy_id, result.code.id, now});
            if (changed != 1) {
                result.outcome = Outcome::kAlreadyUsed;
            } else {
                result.code.used_at_ms = now;
            }
        }
        return result;
    });
    ThrowFor(attempt.outcome);
    return attempt.code;
}

VerificationCode VerificationCodes::ConsumeValidated(
    const std::string& tenancy_id, CodeType type, const std::string& raw_code,
    const std::function<void(const VerificationCode&)>& validate) const {
    VerificationCode code = Check(tenancy_id, type, raw_code);
    validate(code);
    // The hook ran outside any transaction (it may read other tables); the used_at predicate
    // still lets only one of two racing requests spend the code.
    const int64_t now = clock_.NowMillis();
    const auto changed = store_.WriteValue([&](storage::Connection& db) {
        return db.Execute(
            "UPDATE verification_codes SET used_at = $3 WHERE tenancy_id = $1 AND id = $2 AND used_at IS NULL",
            {tenancy_id, code.id, now});
    });
    if (changed != 1) {
        ThrowFor(Outcome::kAlreadyUsed);
    }
    code.used_at_ms = now;
    return code;
}

std::string BuildCodeLink(const std::string& callback_url, const std::string& code) {
    std::string base = callback_url;
    std::string fragment;
    if (const auto hash = base.find('#'); hash != std::string::npos) {
        fragment = base.substr(hash);
        base.erase(hash);
    }
    std::string query;
    bool has_query = false;
    if (const auto question = base.find('?'); question != std::string::npos) {
        query = base.substr(question + 1);
        base.erase(question);
        has_query = true;
    }
    // A special URL with an empty path serialises with "/" (http://localhost:1 → http://localhost:1/).
    if (const auto scheme_end = base.find("://"); scheme_end != std::string::npos) {
        if (base.find('/', scheme_end + 3) == std::string::npos) {
            base += '/';
        }
    }
    // URLSearchParams.set: the first `code` pair takes the new value, later ones are dropped.
    std::string rebuilt;
    bool replaced = false;
    if (has_query) {
        size_t start = 0;
        while (start <= query.size()) {
            size_t end = query.find('&', start);
            if (end == std::string::npos) {
                end = query.size();
            }
            const std::string pair = query.substr(start, end - start);
            start = end + 1;
            if (pair.empty()) {
                continue;
            }
            const std::string name = http::PercentDecode(pair.substr(0, pair.find('=')), true);
            std::string kept = pair;
            if (name == "code") {
                if (replaced) {
                    continue;
                }
                kept = "code=" + code;
                replaced = true;
            }
            rebuilt += (rebuilt.empty() ? "" : "&") + kept;
        }
    }
    if (!replaced) {
        rebuilt += (rebuilt.empty() ? "" : "&") + std::string("code=") + code;
    }
    return base + "?" + rebuilt + fragment;
}

}  // namespace stackd::domain
