#include "api/dispatcher.hpp"

#include <chrono>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "api/body_parser.hpp"
#include "crypto/random.hpp"
#include "errors/known_error.hpp"
#include "http/cors.hpp"
#include "http/error_boundary.hpp"
#include "http/url.hpp"
#include "util/logging.hpp"

namespace stackd::api {
namespace {

using errors::ErrorCode;
using errors::KnownError;

constexpr std::string_view kApiPrefix = "/api/";

bool IsAcceptedMethod(const std::string& method) {
    return method == "GET" || method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE" ||
           method == "OPTIONS";
}

// /api/latest/... and the beta versions serve the same handlers as /api/v1/... for
// everything stackd implements.
std::string CanonicalPath(const std::string& path) {
    static const std::vector<std::string> kAliases = {"/api/latest", "/api/v2beta1", "/api/v2beta2",
                                                      "/api/v2beta3", "/api/v2beta4", "/api/v2beta5"};
    for (const auto& alias : kAliases) {
        if (path == alias || path.rfind(alias + "/", 0) == 0) {
            return "/api/v1" + path.substr(alias.size());
        }
    }
    return path;
}

http::Response NotFound(const http::Request& request) {
    return http::Response::Text(
        404, "404 — this page does not exist in Stack Auth's API.\n\nPlease see the API documentation at "
             "https://docs.stack-auth.com, or visit the Stack Auth dashboard at https://app.stack-auth.com.\n\nURL: " +
                 request.Url());
}

std::string JoinQuoted(const std::vector<domain::AccessType>& types) {
    std::string out;
    for (const auto type : types) {
        if (!out.empty()) {
            out += " or ";
        }
        out += fmt::format("'{}'", domain::AccessTypeName(type));
    }
    return out;
}

void CheckAccess(const RouteSpec& route, const std::optional<RequestAuth>& auth) {
    if (route.access.empty()) {
        return;
    }
    if (!auth) {
        throw KnownError(ErrorCode::kAccessTypeRequired);
    }
    for (const auto type : route.access) {
        if (type == auth->type) {
            return;
        }
    }
    nlohmann::json allowed = nlohmann::json::array();
    for (const auto type : route.access) {
        allowed.push_back(domain::AccessTypeName(type));
    }
    const char* actual = domain::AccessTypeName(auth->type);
    throw KnownError::Formatted(ErrorCode::kInsufficientAccessType,
                                {{"actual_access_type", actual}, {"allowed_access_types", allowed}},
                                JoinQuoted(route.access), actual);
}

void CheckParamsAndQuery(const RouteSpec& route, const http::Request& request,
                         const std::map<std::string, std::string>& params, const std::string& requested_path) {
    std::vector<std::string> problems;
    for (const auto& name : route.uuid_params) {
        const auto param = params.find(name);
        if (param != params.end() && !crypto::IsUuid(param->second)) {
            problems.push_back("params." + name + " must be a valid UUID");
        }
    }
    if (route.query_keys) {
        std::string unknown;
        for (const auto& [key, value] : request.query) {
            if (std::find(route.query_keys->begin(), route.query_keys->end(), key) == route.query_keys->end()) {
                unknown += unknown.empty() ? key : ", " + key;
            }
        }
        if (!unknown.empty()) {
            problems.push_back("query contains unknown properties: " + unknown);
        }
    }
    if (!problems.empty()) {
        throw errors::SchemaError(request.method, requested_path, problems);
    }
}

// SDK releases after the rename to Hexclave (e.g. @stackframe/js 2.8.108) send every
// x-stack-* request header as x-hexclave-*; both spellings mean the same, and the
// x-stack-* one wins when a request carries both.
void ApplyHeaderAliases(http::Request& request) {
    constexpr std::string_view kAliasPrefix = "x-hexclave-";
    std::vector<std::pair<std::string, std::vector<std::string>>> aliased;
    for (const auto& [name, values] : request.headers) {
        if (name.rfind(kAliasPrefix, 0) == 0) {
            aliased.emplace_back("x-stack-" + name.substr(kAliasPrefix.size()), values);
        }
    }
    for (auto& [name, values] : aliased) {
        request.headers.try_emplace(std::move(name), std::move(values));
    }
}

}  // namespace

void Dispatcher::Add(RouteSpec spec) {
    router_.Add(spec.method, spec.path);
    route_rate_rules_.push_back(rate_limits_ ? rate_limits_->RulesFor(spec.method, spec.path) : std::vector<size_t>{});
    routes_.push_back(std::move(spec));
}

http::Response Dispatcher::Handle(http::Request& request) const {
    const auto started = std::chrono::steady_clock::now();
    request.request_id = crypto::RandomCrockfordString(16);
    ApplyHeaderAliases(request);
    const size_t question = request.target.find('?');
    const std::string raw_path = request.target.substr(0, question);
    request.path = http::PercentDecode(raw_path, false);
    request.query = question == std::string::npos ? std::map<std::string, std::string>{}
                                                  : http::ParseQuery(request.target.substr(question + 1));

    const bool is_api = raw_path.rfind(kApiPrefix, 0) == 0 || raw_path == "/api";
    http::Response response;
    if (is_api && request.method == "OPTIONS") {
        response = http::Response::Empty(200);  // preflight: no handler runs
    } else {
        try {
            response = Route(request, raw_path);
        } catch (...) {
            response = http::ErrorToResponse(std::current_exception(), request.request_id);
        }
    }

    response.SetHeader("x-stack-request-id", request.request_id);
    if (!response.FindHeader("cache-control")) {
        response.SetHeader("cache-control", "no-store, max-age=0");
    }
    if (is_api) {
        http::ApplyCors(response);
    }
    // The SDK asks for 4xx as 200 so browsers do not log them; 5xx are never rewritten.
    if (request.Header("x-stack-override-error-status") && response.status >= 400 && response.status < 500) {
        response.SetHeader("x-stack-actual-status", std::to_string(response.status));
        response.status = 200;
    }

    const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
    const std::string* known_error = response.FindHeader("x-stack-known-error");
    // Only the path is logged: query strings may carry codes and tokens.
    util::AccessLog().info("request_id={} method={} path={} status={} ms={:.2f}{}", request.request_id,
                           request.method, request.path, response.status, elapsed.count(),
                           known_error ? " known_error=" + *known_error : std::string());
    return response;
}

http::Response Dispatcher::Route(http::Request& request, const std::string& requested_path) const {
    const auto match = router_.Find(request.method, CanonicalPath(request.path));
    if (match.outcome == http::Router::Outcome::kNotFound) {
        return NotFound(request);
    }
    if (match.outcome == http::Router::Outcome::kMethodNotAllowed) {
        return IsAcceptedMethod(request.method) ? http::Response::Empty(405)
                                                : http::Response::Text(405, "Method not allowed");
    }
    const RouteSpec& route = routes_[match.route_index];
    const nlohmann::json body = ParseBody(request);
    const std::optional<RequestAuth> auth = auth_.Authenticate(request);
    CheckAccess(route, auth);
    CheckParamsAndQuery(route, request, match.params, requested_path);
    RouteContext context{request, auth, match.params, body, requested_path};
    if (rate_limits_) {
        if (auto limited = rate_limits_->Check(route_rate_rules_[match.route_index], context)) {
            return *limited;
        }
    }
    return route.handle(context);
}

}  // namespace stackd::api
