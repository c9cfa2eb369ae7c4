#pragma once

#include <vector>

#include "api/auth_context.hpp"
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
    explicit Dispatcher(const AuthContext& auth) : auth_(auth) {}

    void Add(RouteSpec spec);
    // Never throws: errors become responses here.
    http::Response Handle(http::Request& request) const;

private:
    http::Response Route(http::Request& request, const std::string& requested_path) const;

    const AuthContext& auth_;
    http::Router router_;
    std::vector<RouteSpec> routes_;
};

}  // namespace stackd::api
