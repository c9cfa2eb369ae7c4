#pragma once

#include <optional>

#include "api/route.hpp"
#include "config/config.hpp"
#include "domain/projects.hpp"
#include "http/request.hpp"

namespace stackd::api {

// Turns the x-stack-* headers into RequestAuth, in upstream's order of checks
// (auth.md §1.4); every failure is upstream's KnownError or status error.
class AuthContext {
public:
    AuthContext(domain::ProjectService& projects, const config::Config& config)
        : projects_(projects), config_(config) {}

    // nullopt: the request carries no x-stack-access-type (auth = null upstream).
    std::optional<RequestAuth> Authenticate(const http::Request& request) const;

private:
    domain::ProjectService& projects_;
    const config::Config& config_;
};

}  // namespace stackd::api
