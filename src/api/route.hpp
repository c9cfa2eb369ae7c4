#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/project.hpp"
#include "domain/projects.hpp"
#include "domain/user.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace stackd::api {

// Who is calling: the result of the x-stack-* headers (upstream's `auth` object).
struct RequestAuth {
    std::shared_ptr<const domain::TenancyView> view;  // project, tenancy, rendered config
    domain::AccessType type = domain::AccessType::kClient;
    // The access token's user (step 9 of upstream's algorithm: a deleted user is simply
    // absent, without an error), and the session that minted the token.
    std::optional<std::string> user_id;
    std::optional<domain::User> user;
    std::optional<std::string> refresh_token_id;

    const domain::Project& project() const { return view->project; }
    const domain::Tenancy& tenancy() const { return *view->tenancy; }
    const nlohmann::json& config() const { return view->config; }
};

// Everything a handler may read about its request.
struct RouteContext {
    const http::Request& request;
    const std::optional<RequestAuth>& auth;
    const std::map<std::string, std::string>& params;
    // Parsed body: JSON value, form fields as an object of strings, text as a string;
    // discarded (is_discarded()) when no body was sent.
    const nlohmann::json& body;
    // The path as requested (before /api/latest → /api/v1), used in SCHEMA_ERROR text.
    const std::string& requested_path;

    // The authenticated caller; only valid on routes that require auth.
    const RequestAuth& Auth() const { return *auth; }
};

using RouteHandler = std::function<http::Response(const RouteContext&)>;

// A route as data: method, path pattern, which callers may use it, and the handler.
struct RouteSpec {
    std::string method;
    std::string path;  // e.g. "/api/v1/users/{user_id}"
    // Empty: no x-stack-access-type needed (auth is still parsed and may be null).
    std::vector<domain::AccessType> access;
    // Query keys the route accepts; others are a SCHEMA_ERROR. nullopt: not checked.
    std::optional<std::vector<std::string>> query_keys;
    RouteHandler handle;
    // Path parameters that must be UUIDs, checked with the query so that one SCHEMA_ERROR
    // lists both, params first, as upstream validates the whole request at once.
    std::vector<std::string> uuid_params = {};
};

// Client, server and admin: the common "any authenticated caller" rule.
inline const std::vector<domain::AccessType> kAnyAccess = {domain::AccessType::kClient, domain::AccessType::kServer,
                                                           domain::AccessType::kAdmin};
inline const std::vector<domain::AccessType> kServerOrAdmin = {domain::AccessType::kServer,
                                                               domain::AccessType::kAdmin};
inline const std::vector<domain::AccessType> kAdminOnly = {domain::AccessType::kAdmin};

}  // namespace stackd::api
