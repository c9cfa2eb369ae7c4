#pragma once

#include <vector>

#include "api/auth_context.hpp"
#include "api/rate_limits.hpp"
#include "api/route.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"

namespace stackd::api {

// The request pipeline every route shares: request id, CORS, version aliases, routing,
// body parsing, authentication, access-type and query checks, the handler, and the
// error boundary, in upstream's order (auth.md §1.2, §5).
class Dispatcher {
public:
    // `rate_limits` may be null (limits off).
    Dispatcher(const AuthContext& auth, const RateLimits* rate_limits) : auth_(auth), rate_limits_(rate_limits) {}

    void Add(RouteSpec spec);
    // Never throws: errors become responses here.
    http::Response Handle(http::Request& request) const;

private:
    http::Response Route(http::Request& request, const std::string& requested_path) const;

    const AuthContext& auth_;
    const RateLimits* rate_limits_;
    http::Router router_;
    std::vector<RouteSpec> routes_;
    std::vector<std::vector<size_t>> route_rate_rules_;  // parallel to routes_
};

}  // namespace stackd::api
