#pragma once

#include <optional>

#include "api/route.hpp"
#include "api/verified_token_cache.hpp"
#include "config/config.hpp"
#include "crypto/access_token.hpp"
#include "crypto/signing_keys.hpp"
#include "domain/projects.hpp"
#include "domain/teams.hpp"
#include "domain/users.hpp"
#include "http/request.hpp"

namespace stackd::api {

// Turns the x-stack-* headers into RequestAuth, in upstream's order of checks
// (auth.md §1.4); every failure is upstream's KnownError or status error.
class AuthContext {
public:
    AuthContext(domain::ProjectService& projects, domain::UserService& users, domain::TeamService& teams,
                const crypto::SigningKeys& keys, const util::Clock& clock, const config::Config& config)
        : projects_(projects), users_(users), teams_(teams), keys_(keys), clock_(clock), config_(config) {}

    // nullopt: the request carries no x-stack-access-type (auth = null upstream).
    std::optional<RequestAuth> Authenticate(const http::Request& request) const;

private:
    // ES256 verification and upstream's claim rules; throws upstream's token errors.
    crypto::AccessTokenInfo VerifyUserToken(const std::string& token, int64_t now_ms) const;
    crypto::AccessTokenInfo DecodeUserToken(const http::Request& request, const std::string& token,
                                            const std::string& project_id) const;
    void CheckAdminAccessToken(const std::string& token, const domain::Project& project) const;

    domain::ProjectService& projects_;
    domain::UserService& users_;
    domain::TeamService& teams_;
    const crypto::SigningKeys& keys_;
    const util::Clock& clock_;
    const config::Config& config_;
    mutable VerifiedTokenCache token_cache_;
};

}  // namespace stackd::api
