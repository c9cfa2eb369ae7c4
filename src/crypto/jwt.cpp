#include "crypto/jwt.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "crypto/base64url.hpp"
#include "crypto/ecdsa.hpp"
#include "crypto/json_stringify.hpp"

namespace stackd::crypto {
namespace {

std::optional<nlohmann::ordered_json> DecodeJsonObjectSegment(std::string_view segment) {
    auto bytes = Base64UrlDecode(segment);
    if (!bytes) {
        return std::nullopt;
    }
    auto parsed = nlohmann::ordered_json::parse(*bytes, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) {
        return std::nullopt;
    }
    return parsed;
}

std::string Lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

std::optional<double> UnitSeconds(std::string_view unit) {
    constexpr double kMinute = 60;
    constexpr double kHour = 60 * kMinute;
    constexpr double kDay = 24 * kHour;
    struct Unit {
        std::array<std::string_view, 5> names;
        double seconds;
    };
    static constexpr std::array<Unit, 6> kUnits{{
        {{"s", "sec", "secs", "second", "seconds"}, 1},
        {{"m", "min", "mins", "minute", "minutes"}, kMinute},
        {{"h", "hr", "hrs", "hour", "hours"}, kHour},
        {{"d", "day", "days", "", ""}, kDay},
        {{"w", "week", "weeks", "", ""}, 7 * kDay},
        {{"y", "yr", "yrs", "year", "years"}, 365.25 * kDay},
    }};
    const std::string lower = Lower(unit);
    for (const auto& candidate : kUnits) {
        for (const auto name : candidate.names) {
            if (!name.empty() && lower == name) {
                return candidate.seconds;
            }
        }
    }
    return std::nullopt;
}

}  // namespace

std::string_view JwtStatusName(JwtStatus status) {
    switch (status) {
        case JwtStatus::kOk:
            return "ok";
        case JwtStatus::kMalformed:
            return "malformed";
        case JwtStatus::kUnsupportedAlgorithm:
            return "unsupported_algorithm";
        case JwtStatus::kNoMatchingKey:
            return "no_matching_key";
        case JwtStatus::kBadSignature:
            return "bad_signature";
        case JwtStatus::kBadIssuer:
            return "bad_issuer";
        case JwtStatus::kInvalidClaim:
            return "invalid_claim";
        case JwtStatus::kNotYetValid:
            return "not_yet_valid";
        case JwtStatus::kExpired:
            return "expired";
    }
    return "unknown";
}

std::optional<DecodedJws> DecodeCompactJws(std::string_view token) {
    const size_t first_dot = token.find('.');
    const size_t second_dot = first_dot == std::string_view::npos ? first_dot : token.find('.', first_dot + 1);
    if (second_dot == std::string_view::npos || token.find('.', second_dot + 1) != std::string_view::npos) {
        return std::nullopt;
    }
    auto header = DecodeJsonObjectSegment(token.substr(0, first_dot));
    auto payload = DecodeJsonObjectSegment(token.substr(first_dot + 1, second_dot - first_dot - 1));
    auto signature = Base64UrlDecode(token.substr(second_dot + 1));
    if (!header || !payload || !signature) {
        return std::nullopt;
    }
    return DecodedJws{std::string(token.substr(0, second_dot)), std::move(*header), std::move(*payload),
                      std::move(*signature)};
}

JwtStatus CheckJwsHeader(const nlohmann::ordered_json& header) {
    if (auto crit = header.find("crit"); crit != header.end()) {
        if (!crit->is_array() || crit->empty()) {
            return JwtStatus::kMalformed;
        }
        for (const auto& name : *crit) {
            if (name != "b64" || !header.contains("b64")) {
                return JwtStatus::kMalformed;
            }
        }
        // b64:false would mean an unencoded payload, which JWTs must not use.
        if (header["b64"] != true) {
            return JwtStatus::kMalformed;
        }
    }
    const auto alg = header.find("alg");
    if (alg == header.end() || !alg->is_string() || alg->get_ref<const std::string&>().empty()) {
        return JwtStatus::kMalformed;
    }
    return *alg == "ES256" ? JwtStatus::kOk : JwtStatus::kUnsupportedAlgorithm;
}

int64_t EpochSeconds(int64_t now_millis) { return now_millis >= 0 ? now_millis / 1000 : -((-now_millis + 999) / 1000); }

JwtStatus CheckJwtClaims(const nlohmann::ordered_json& payload, std::span<const std::string> allowed_issuers,
                         int64_t now_millis) {
    const auto iss = payload.find("iss");
    if (iss == payload.end() || !iss->is_string() ||
        std::find(allowed_issuers.begin(), allowed_issuers.end(), iss->get_ref<const std::string&>()) ==
            allowed_issuers.end()) {
        return JwtStatus::kBadIssuer;
    }
    const auto now = static_cast<double>(EpochSeconds(now_millis));
    if (auto iat = payload.find("iat"); iat != payload.end() && !iat->is_number()) {
        return JwtStatus::kInvalidClaim;
    }
    if (auto nbf = payload.find("nbf"); nbf != payload.end()) {
        if (!nbf->is_number()) {
            return JwtStatus::kInvalidClaim;
        }
        if (nbf->get<double>() > now) {
            return JwtStatus::kNotYetValid;
        }
    }
    if (auto exp = payload.find("exp"); exp != payload.end()) {
        if (!exp->is_number()) {
            return JwtStatus::kInvalidClaim;
        }
        if (exp->get<double>() <= now) {
            return JwtStatus::kExpired;
        }
    }
    return JwtStatus::kOk;
}

void AddRegisteredClaims(nlohmann::ordered_json& payload, std::string_view issuer, std::string_view audience,
                         int64_t issued_at_seconds, int64_t lifetime_seconds) {
    payload["iss"] = issuer;
    payload["iat"] = issued_at_seconds;
    payload["aud"] = audience;
    payload["exp"] = issued_at_seconds + lifetime_seconds;
}

std::optional<std::string> SignCompactJwsEs256(EVP_PKEY* key, std::string_view kid,
                                               const nlohmann::ordered_json& payload) {
    nlohmann::ordered_json header;
    header["alg"] = "ES256";
    header["kid"] = kid;
    std::string token = Base64UrlEncode(JsStringify(header)) + "." + Base64UrlEncode(JsStringify(payload));
    auto signature = SignEs256(key, token);
    if (!signature) {
        return std::nullopt;
    }
    token += "." + Base64UrlEncode(*signature);
    return token;
}

std::optional<int64_t> ParseJoseDurationSeconds(std::string_view text) {
    // Mirrors jose's /^(\+|\-)? ?(\d+|\d+\.\d+) ?(unit)(?: (ago|from now))?$/i by hand.
    size_t pos = 0;
    char sign = 0;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        sign = text[pos++];
    }
    if (pos < text.size() && text[pos] == ' ') {
        ++pos;
    }
    const size_t number_start = pos;
    auto skip_digits = [&] {
        const size_t start = pos;
        while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
            ++pos;
        }
        return pos > start;
    };
    if (!skip_digits()) {
        return std::nullopt;
    }
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        if (!skip_digits()) {
            return std::nullopt;
        }
    }
    const double value = std::strtod(std::string(text.substr(number_start, pos - number_start)).c_str(), nullptr);
    if (pos < text.size() && text[pos] == ' ') {
        ++pos;
    }
    const size_t unit_end = std::min(text.find(' ', pos), text.size());
    const auto unit_seconds = UnitSeconds(text.substr(pos, unit_end - pos));
    if (!unit_seconds) {
        return std::nullopt;
    }
    const std::string_view suffix = text.substr(unit_end);
    const std::string lower_suffix = Lower(suffix);
    if (!suffix.empty() && lower_suffix != " ago" && lower_suffix != " from now") {
        return std::nullopt;
    }
    if (!suffix.empty() && sign != 0) {
        return std::nullopt;
    }
    const double rounded = std::floor(value * *unit_seconds + 0.5);  // Math.round
    // Beyond 2^53 the result is no longer an exact integer in JS either; refuse rather than overflow.
    if (!(rounded <= 9007199254740991.0)) {
        return std::nullopt;
    }
    const auto seconds = static_cast<int64_t>(rounded);
    // jose compares the captured suffix case-sensitively, so only a lower-case " ago" negates.
    return (sign == '-' || suffix == " ago") ? -seconds : seconds;
}

}  // namespace stackd::crypto
