#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/jwt.hpp"

namespace stackd::crypto {

class SigningKeys;

// Which key family and issuer a user's access tokens use. Anonymous wins over restricted.
enum class UserType { kNormal, kRestricted, kAnonymous };
UserType UserTypeOf(bool is_anonymous, bool is_restricted);

// scheme://[userinfo@]host[:port] of NEXT_PUBLIC_STACK_API_URL, normalised the way WHATWG URL
// serialises it (lower-case scheme and host, default port dropped). Any path, query or fragment
// is dropped, because upstream resolves the absolute path "/api/v1/..." against that URL.
// nullopt if the text is not an absolute URL with a host; config should check this at startup.
std::optional<std::string> ApiOrigin(std::string_view api_base_url);

// <origin>/api/v1/projects/<id>, /projects-restricted-users/<id> or /projects-anonymous-users/<id>.
// The id is percent-encoded as a URL path segment. If ApiOrigin fails, `api_base_url` is used as
// given, minus trailing slashes.
std::string IssuerFor(std::string_view api_base_url, std::string_view project_id, UserType type);

// <id>, <id>:restricted or <id>:anon. The audience is also what the signing keys derive from.
std::string AudienceFor(std::string_view project_id, UserType type);

// The issuers decodeAccessToken accepts: always the normal one, then restricted and anonymous
// when allowed (user tokens allow both; admin tokens only normal).
std::vector<std::string> AllowedIssuers(std::string_view api_base_url, std::string_view project_id,
                                        bool allow_restricted, bool allow_anonymous);

// What upstream reads from the session row and the user to mint a token.
struct AccessTokenSubject {
    std::string user_id;
    std::string project_id;
    std::string branch_id = "main";
    std::string refresh_token_id;
    std::optional<std::string> display_name;
    std::optional<std::string> primary_email;
    bool primary_email_verified = false;
    std::optional<std::string> selected_team_id;
    int64_t signed_up_at_millis = 0;
    bool is_anonymous = false;
    bool is_restricted = false;
    // "anonymous", "email_not_verified" or "restricted_by_administrator"; set iff restricted.
    std::optional<std::string> restricted_reason;
    bool requires_totp_mfa = false;
};

// The backend's claims in upstream's order: sub, project_id, branch_id, refresh_token_id, role,
// name, email, email_verified, selected_team_id, signed_up_at (floor of millis / 1000),
// is_anonymous, is_restricted, restricted_reason ({"type":...} or null), requires_totp_mfa.
nlohmann::ordered_json BuildAccessTokenClaims(const AccessTokenSubject& subject);

// signJWT as the backend calls it: the claims above plus iss, iat, aud, exp, with iat the epoch
// second of `now_millis` and exp = iat + lifetime_seconds (default lifetime "10min" = 600 s).
// nullopt only if the keys cannot be derived or OpenSSL fails.
std::optional<std::string> MintAccessToken(const SigningKeys& keys, std::string_view api_base_url,
                                           const AccessTokenSubject& subject, int64_t now_millis,
                                           int64_t lifetime_seconds);

enum class AccessTokenStatus {
    kOk,
    kUnparsable,    // -> UNPARSABLE_ACCESS_TOKEN; jwt_status says why
    kExpired,       // -> ACCESS_TOKEN_EXPIRED with the expired_* fields
    kInconsistent,  // verified, but the claims contradict each other: upstream answers 500
};

struct AccessTokenInfo {
    std::string project_id;  // aud up to the first ':'
    std::string user_id;
    std::string branch_id;
    std::optional<std::string> refresh_token_id;
    int64_t exp = 0;
    bool is_anonymous = false;
    bool is_restricted = false;
    std::optional<std::string> restricted_reason;
};

struct AccessTokenDecodeResult {
    AccessTokenStatus status = AccessTokenStatus::kUnparsable;
    JwtStatus jwt_status = JwtStatus::kMalformed;
    std::optional<AccessTokenInfo> info;  // kOk only
    // kExpired only, as upstream fills ACCESS_TOKEN_EXPIRED (each may be absent).
    std::optional<int64_t> expired_at_millis;
    std::optional<std::string> expired_project_id;
    std::optional<std::string> expired_user_id;
    std::optional<std::string> expired_refresh_token_id;
    std::string inconsistency;  // kInconsistent only: what was wrong, for the log
};

// Upstream's decodeAccessToken (spec §2.3): verify with the keys of the token's aud and the
// allowed issuers of aud's project, then apply the legacy defaults (camelCase branchId and
// refreshTokenId; is_restricted defaults to is_anonymous; restricted_reason to anonymous) and the
// consistency rules between is_anonymous, is_restricted, restricted_reason, aud and branch_id.
AccessTokenDecodeResult DecodeAccessToken(const SigningKeys& keys, std::string_view api_base_url,
                                          std::string_view token, bool allow_restricted, bool allow_anonymous,
                                          int64_t now_millis);

}  // namespace stackd::crypto
