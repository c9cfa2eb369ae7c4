#include "crypto/access_token.hpp"

#include <algorithm>
#include <cctype>

#include "crypto/signing_keys.hpp"

namespace stackd::crypto {
namespace {

std::string Lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

std::optional<int> DefaultPort(std::string_view scheme) {
    if (scheme == "http" || scheme == "ws") {
        return 80;
    }
    if (scheme == "https" || scheme == "wss") {
        return 443;
    }
    if (scheme == "ftp") {
        return 21;
    }
    return std::nullopt;
}

// WHATWG's path percent-encode set. Upstream builds the issuer with new URL(path, base), where a
// '#' or '?' in the id would start a fragment or query instead; ids are UUIDs or "internal", so
// encoding them too only matters for ids that can never be signed for.
std::string PercentEncodePathSegment(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        const bool encode =
            byte < 0x20 || byte > 0x7e || std::string_view(" \"#<>?`{}").find(c) != std::string_view::npos;
        if (encode) {
            out.push_back('%');
            out.push_back(kHex[byte >> 4]);
            out.push_back(kHex[byte & 15]);
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::optional<std::string> OptionalString(const nlohmann::ordered_json& payload, const char* name) {
    const auto it = payload.find(name);
    if (it == payload.end() || !it->is_string()) {
        return std::nullopt;
    }
    return it->get<std::string>();
}

// JS `a ?? b` over two claims: the first one that is present and not null.
const nlohmann::ordered_json* FirstDefined(const nlohmann::ordered_json& payload, const char* name,
                                           const char* legacy_name) {
    for (const char* key : {name, legacy_name}) {
        if (auto it = payload.find(key); it != payload.end() && !it->is_null()) {
            return &*it;
        }
    }
    return nullptr;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// decodeAccessToken's checks after verification. Returns what is wrong, or "" if nothing is.
std::string ReadVerifiedClaims(const nlohmann::ordered_json& payload, const std::string& aud, AccessTokenInfo& info) {
    const auto anonymous = payload.find("is_anonymous");
    if (anonymous == payload.end() || !anonymous->is_boolean()) {
        return "is_anonymous is not a boolean";
    }
    info.is_anonymous = anonymous->get<bool>();
    const auto restricted = payload.find("is_restricted");
    if (restricted == payload.end() || restricted->is_null()) {
        info.is_restricted = info.is_anonymous;  // legacy tokens predate is_restricted
    } else if (restricted->is_boolean()) {
        info.is_restricted = restricted->get<bool>();
    } else {
        return "is_restricted is not a boolean";
    }
    const auto reason = payload.find("restricted_reason");
    if (reason != payload.end() && !reason->is_null()) {
        const auto type = reason->is_object() ? reason->find("type") : reason->end();
        if (!reason->is_object() || type == reason->end() ||
            (*type != "anonymous" && *type != "email_not_verified" && *type != "restricted_by_administrator")) {
            return "restricted_reason is not a known {type}";
        }
        info.restricted_reason = type->get<std::string>();
    } else if (info.is_anonymous) {
        info.restricted_reason = "anonymous";
    }
    if (info.is_anonymous && !info.is_restricted) {
        return "user is anonymous but not restricted";
    }
    if (info.is_restricted != info.restricted_reason.has_value()) {
        return "is_restricted and restricted_reason disagree";
    }
    if (EndsWith(aud, ":anon") != info.is_anonymous) {
        return "anonymous audience and is_anonymous disagree";
    }
    if (EndsWith(aud, ":restricted") ? !info.is_restricted : (info.is_restricted && !info.is_anonymous)) {
        return "restricted audience and is_restricted disagree";
    }
    const auto* branch = FirstDefined(payload, "branch_id", "branchId");
    if (branch == nullptr || *branch != "main") {
        return "branch_id is not main";
    }
    info.branch_id = "main";
    const auto sub = OptionalString(payload, "sub");
    if (!sub) {
        return "sub is not a string";
    }
    info.user_id = *sub;
    if (const auto* refresh = FirstDefined(payload, "refresh_token_id", "refreshTokenId")) {
        if (!refresh->is_string()) {
            return "refresh_token_id is not a string";
        }
        info.refresh_token_id = refresh->get<std::string>();
    }
    const auto exp = payload.find("exp");
    if (exp == payload.end() || !exp->is_number()) {
        return "exp is missing";
    }
    info.exp = static_cast<int64_t>(exp->get<double>());
    info.project_id = aud.substr(0, aud.find(':'));
    return "";
}

}  // namespace

UserType UserTypeOf(bool is_anonymous, bool is_restricted) {
    if (is_anonymous) {
        return UserType::kAnonymous;
    }
    return is_restricted ? UserType::kRestricted : UserType::kNormal;
}

std::optional<std::string> ApiOrigin(std::string_view api_base_url) {
    const size_t scheme_end = api_base_url.find("://");
    if (scheme_end == std::string_view::npos || scheme_end == 0 ||
        !std::isalpha(static_cast<unsigned char>(api_base_url[0]))) {
        return std::nullopt;
    }
    const std::string scheme = Lower(api_base_url.substr(0, scheme_end));
    if (scheme.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789+-.") != std::string::npos) {
        return std::nullopt;
    }
    std::string_view authority = api_base_url.substr(scheme_end + 3);
    authority = authority.substr(0, authority.find_first_of("/?#\\"));
    const size_t at = authority.rfind('@');
    const std::string_view userinfo = at == std::string_view::npos ? "" : authority.substr(0, at + 1);
    std::string_view host_port = at == std::string_view::npos ? authority : authority.substr(at + 1);
    const size_t bracket = host_port.rfind(']');
    const size_t colon = host_port.rfind(':');
    const bool has_port = colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket);
    const std::string host = Lower(has_port ? host_port.substr(0, colon) : host_port);
    if (host.empty()) {
        return std::nullopt;
    }
    std::string origin = scheme + "://" + std::string(userinfo) + host;
    const std::string_view port_text = has_port ? host_port.substr(colon + 1) : "";
    if (!port_text.empty()) {
        if (port_text.size() > 5 || port_text.find_first_not_of("0123456789") != std::string_view::npos) {
            return std::nullopt;
        }
        const int port = std::stoi(std::string(port_text));
        if (port > 65535) {
            return std::nullopt;
        }
        if (DefaultPort(scheme) != port) {
            origin += ":" + std::to_string(port);
        }
    }
    return origin;
}

std::string IssuerFor(std::string_view api_base_url, std::string_view project_id, UserType type) {
    std::string origin;
    if (auto parsed = ApiOrigin(api_base_url)) {
        origin = std::move(*parsed);
    } else {
        origin = std::string(api_base_url);
        while (!origin.empty() && origin.back() == '/') {
            origin.pop_back();
        }
    }
    const char* suffix = type == UserType::kAnonymous    ? "-anonymous-users"
                         : type == UserType::kRestricted ? "-restricted-users"
                                                         : "";
    return origin + "/api/v1/projects" + suffix + "/" + PercentEncodePathSegment(project_id);
}

std::string AudienceFor(std::string_view project_id, UserType type) {
    std::string audience(project_id);
    if (type == UserType::kAnonymous) {
        audience += ":anon";
    } else if (type == UserType::kRestricted) {
        audience += ":restricted";
    }
    return audience;
}

std::vector<std::string> AllowedIssuers(std::string_view api_base_url, std::string_view project_id,
                                        bool allow_restricted, bool allow_anonymous) {
    std::vector<std::string> issuers{IssuerFor(api_base_url, project_id, UserType::kNormal)};
    if (allow_restricted) {
        issuers.push_back(IssuerFor(api_base_url, project_id, UserType::kRestricted));
    }
    if (allow_anonymous) {
        issuers.push_back(IssuerFor(api_base_url, project_id, UserType::kAnonymous));
    }
    return issuers;
}

nlohmann::ordered_json BuildAccessTokenClaims(const AccessTokenSubject& subject) {
    auto nullable = [](const std::optional<std::string>& value) {
        return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
    };
    nlohmann::ordered_json claims;
    claims["sub"] = subject.user_id;
    claims["project_id"] = subject.project_id;
    claims["branch_id"] = subject.branch_id;
    claims["refresh_token_id"] = subject.refresh_token_id;
    claims["role"] = "authenticated";
    claims["name"] = nullable(subject.display_name);
    claims["email"] = nullable(subject.primary_email);
    claims["email_verified"] = subject.primary_email_verified;
    claims["selected_team_id"] = nullable(subject.selected_team_id);
    claims["signed_up_at"] = EpochSeconds(subject.signed_up_at_millis);
    claims["is_anonymous"] = subject.is_anonymous;
    claims["is_restricted"] = subject.is_restricted;
    claims["restricted_reason"] = subject.restricted_reason
                                      ? nlohmann::ordered_json{{"type", *subject.restricted_reason}}
                                      : nlohmann::ordered_json(nullptr);
    claims["requires_totp_mfa"] = subject.requires_totp_mfa;
    return claims;
}

std::optional<std::string> MintAccessToken(const SigningKeys& keys, std::string_view api_base_url,
                                           const AccessTokenSubject& subject, int64_t now_millis,
                                           int64_t lifetime_seconds) {
    const UserType type = UserTypeOf(subject.is_anonymous, subject.is_restricted);
    const std::string audience = AudienceFor(subject.project_id, type);
    nlohmann::ordered_json payload = BuildAccessTokenClaims(subject);
    AddRegisteredClaims(payload, IssuerFor(api_base_url, subject.project_id, type), audience, EpochSeconds(now_millis),
                        lifetime_seconds);
    return keys.Sign(audience, payload);
}

AccessTokenDecodeResult DecodeAccessToken(const SigningKeys& keys, std::string_view api_base_url,
                                          std::string_view token, bool allow_restricted, bool allow_anonymous,
                                          int64_t now_millis) {
    AccessTokenDecodeResult result;
    const auto decoded = DecodeCompactJws(token);
    if (!decoded) {
        return result;
    }
    const auto aud = decoded->payload.find("aud");
    if (aud == decoded->payload.end() || !aud->is_string()) {
        return result;
    }
    const std::string audience = aud->get<std::string>();
    const auto issuers =
        AllowedIssuers(api_base_url, audience.substr(0, audience.find(':')), allow_restricted, allow_anonymous);
    JwtVerification verification = keys.Verify(token, issuers, now_millis);
    result.jwt_status = verification.status;
    if (verification.status == JwtStatus::kExpired) {
        const nlohmann::ordered_json& payload = verification.payload;
        result.status = AccessTokenStatus::kExpired;
        if (const auto exp = payload.find("exp"); exp->is_number() && exp->get<double>() != 0) {
            result.expired_at_millis = static_cast<int64_t>(exp->get<double>() * 1000);
        }
        result.expired_project_id = audience.substr(0, audience.find(':'));
        result.expired_user_id = OptionalString(payload, "sub");
        if (const auto* refresh = FirstDefined(payload, "refresh_token_id", "refreshTokenId");
            refresh != nullptr && refresh->is_string()) {
            result.expired_refresh_token_id = refresh->get<std::string>();
        }
        return result;
    }
    if (verification.status != JwtStatus::kOk) {
        return result;
    }
    AccessTokenInfo info;
    result.inconsistency = ReadVerifiedClaims(verification.payload, audience, info);
    if (!result.inconsistency.empty()) {
        result.status = AccessTokenStatus::kInconsistent;
        return result;
    }
    result.status = AccessTokenStatus::kOk;
    result.info = std::move(info);
    return result;
}

}  // namespace stackd::crypto
