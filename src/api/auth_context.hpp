#pragma once

#include <optional>

#include "api/route.hpp"
#include "config/config.hpp"
#include "crypto/access_token.hpp"
#include "crypto/signing_keys.hpp"
#include "domain/projects.hpp"
#include "domain/users.hpp"
#include "http/request.hpp"

namespace stackd::api {

// Turns the x-stack-* headers into RequestAuth, in upstream's order of checks
// (auth.md §1.4); every failure is upstream's KnownError or status error.
class AuthContext {
public:
    AuthContext(domain::ProjectService& projects, domain::UserService& users, const crypto::SigningKeys& keys,
                const util::Clock& clock, const config::Config& config)
        : projects_(projects), users_(users), keys_(keys), clock_(clock), config_(config) {}

    // nullopt: the request carries no x-stack-access-type (auth = null upstream).
    std::optional<RequestAuth> Authenticate(const http::Request& request) const;

private:
    crypto::AccessTokenInfo DecodeUserToken(const http::Request& request, const std::string& token,
                                            const std::string& project_id) const;
    void CheckAdminAccessToken(const std::string& token, const domain::Project& project) const;

    domain::ProjectService& projects_;
    domain::UserService& users_;
    const crypto::SigningKeys& keys_;
    const util::Clock& clock_;
    const config::Config& config_;
};

}  // namespace stackd::api
