#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace stackd::http {

// Matches paths against patterns such as "/users/{user_id}". Routing is data: the
// router only hands back the index of the matched route and its path parameters.
class Router {
public:
    enum class Outcome { kMatched, kMethodNotAllowed, kNotFound };

    struct Match {
        Outcome outcome = Outcome::kNotFound;
        size_t route_index = 0;
        std::map<std::string, std::string> params;
    };

    // Returns the index the route is known by. Literal segments win over parameters,
    // so "/users/me" can sit beside "/users/{user_id}".
    size_t Add(std::string method, std::string_view pattern);
    Match Find(std::string_view method, std::string_view path) const;

private:
    struct Route {
        std::string method;
        std::vector<std::string> segments;  // "{name}" marks a parameter
    };
    std::vector<Route> routes_;
};

// Splits "/a/b/" into {"a", "b"}; empty segments are dropped.
std::vector<std::string> SplitPath(std::string_view path);

}  // namespace stackd::http
