#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/route.hpp"
#include "http/response.hpp"
#include "util/clock.hpp"
#include "util/token_buckets.hpp"

namespace stackd::api {

// Rate limits on the password and code flows: brute-forcing a password or a code, and
// flooding an inbox with codes, cost an attacker time. Upstream has none (it relies on
// infrastructure in front of it); a 429 with Retry-After is what its SDK already waits
// out and retries.
//
// Each rule limits one key per project: the email a request names, or the client's IP.
// Requests with a server or admin key are never limited: they come from the project's
// own backend, which holds secrets stronger than anything guessed here. IP rules skip
// loopback peers: behind a same-host proxy without STACK_TRUSTED_PROXY every client
// would share one budget.
class RateLimits {
public:
    enum class Key { kEmail, kIp };
    struct Rule {
        std::string name;
        Key key = Key::kIp;
        util::TokenBuckets::Limit limit;
        std::vector<std::string> routes;  // "POST /api/v1/..." route patterns
    };

    // `spec` is STACKD_RATE_LIMITS: empty for the defaults, "off", or a comma list of
    // `rule=count/seconds` overriding single rules. Throws std::invalid_argument on a
    // malformed spec or an unknown rule name. Null when limits are off.
    static std::unique_ptr<RateLimits> FromSpec(const std::string& spec, const util::Clock& clock,
                                              std::string trusted_proxy);

    // Indexes of the rules that apply to a route; empty for most routes.
    std::vector<size_t> RulesFor(const std::string& method, const std::string& path) const;

    // A 429 response when one of `rules` is exhausted for this request.
    std::optional<http::Response> Check(const std::vector<size_t>& rules, const RouteContext& context) const;

    const std::vector<Rule>& rules() const { return rules_; }

private:
    RateLimits(std::vector<Rule> rules, const util::Clock& clock, std::string trusted_proxy);

    std::vector<Rule> rules_;
    const util::Clock* clock_;
    std::string trusted_proxy_;
    mutable util::TokenBuckets buckets_;
};

}  // namespace stackd::api
