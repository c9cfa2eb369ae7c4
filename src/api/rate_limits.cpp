#include "api/rate_limits.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <stdexcept>

#include "api/client_info.hpp"

namespace stackd::api {
namespace {

constexpr int64_t kMinute = 60'000;

const std::vector<std::string> kSignInRoutes = {
    "POST /api/v1/auth/password/sign-in", "POST /api/v1/auth/otp/sign-in", "POST /api/v1/auth/mfa/sign-in",
    "POST /api/v1/auth/password/update"};
const std::vector<std::string> kSignUpRoutes = {"POST /api/v1/auth/password/sign-up",
                                                "POST /api/v1/auth/anonymous/sign-up"};
// Routes that email a code to the address in the body, and the one that emails a
// contact channel named in the path.
const std::vector<std::string> kSendCodeByEmailRoutes = {
    "POST /api/v1/auth/otp/send-sign-in-code", "POST /api/v1/auth/password/send-reset-code",
    "POST /api/v1/contact-channels/send-verification-code", "POST /api/v1/team-invitations/send-code"};
const std::string kSendCodeByPathRoute =
    "POST /api/v1/contact-channels/{user_id}/{contact_channel_id}/send-verification-code";
const std::vector<std::string> kCodeRoutes = {
    "POST /api/v1/auth/otp/sign-in/check-code",        "POST /api/v1/auth/password/reset",
    "POST /api/v1/auth/password/reset/check-code",     "POST /api/v1/contact-channels/verify",
    "POST /api/v1/contact-channels/verify/check-code", "POST /api/v1/team-invitations/accept",
    "POST /api/v1/team-invitations/accept/check-code", "POST /api/v1/team-invitations/accept/details"};

std::vector<std::string> Join(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// Generous for people, small for scripts: ten tries at one account's password a minute,
// ten codes to one inbox a minute; IP budgets leave room for offices behind one NAT.
std::vector<RateLimits::Rule> DefaultRules() {
    using Key = RateLimits::Key;
    return {
        {"password-sign-in", Key::kEmail, {10, kMinute}, {"POST /api/v1/auth/password/sign-in"}},
        {"sign-in-ip", Key::kIp, {300, kMinute}, kSignInRoutes},
        {"sign-up-ip", Key::kIp, {300, kMinute}, kSignUpRoutes},
        {"send-code", Key::kEmail, {10, kMinute}, kSendCodeByEmailRoutes},
        {"send-code-ip", Key::kIp, {60, kMinute}, Join(kSendCodeByEmailRoutes, {kSendCodeByPathRoute})},
        {"code-ip", Key::kIp, {300, kMinute}, Join(kCodeRoutes, {"POST /api/v1/auth/otp/sign-in",
                                                                 "POST /api/v1/auth/mfa/sign-in"})},
    };
}

std::string Trim(const std::string& text) {
    const auto first = text.find_first_not_of(' ');
    if (first == std::string::npos) {
        return "";
    }
    return text.substr(first, text.find_last_not_of(' ') - first + 1);
}

int64_t PositiveNumber(const std::string& text, const std::string& item) {
    if (text.empty() || !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); }) ||
        text.size() > 9 || std::stoll(text) == 0) {
        throw std::invalid_argument("STACKD_RATE_LIMITS: expected rule=count/seconds or rule=off, got \"" + item + "\"");
    }
    return std::stoll(text);
}

// "rule=count/seconds" or "rule=off" for each comma-separated item.
void ApplyOverrides(std::vector<RateLimits::Rule>& rules, const std::string& spec) {
    size_t start = 0;
    while (start <= spec.size()) {
        const size_t comma = std::min(spec.find(',', start), spec.size());
        const std::string item = Trim(spec.substr(start, comma - start));
        start = comma + 1;
        if (item.empty()) {
            continue;
        }
        const size_t equals = item.find('=');
        const std::string name = Trim(item.substr(0, equals));
        auto rule = std::find_if(rules.begin(), rules.end(), [&](const auto& r) { return r.name == name; });
        if (equals == std::string::npos || rule == rules.end()) {
            throw std::invalid_argument("STACKD_RATE_LIMITS: unknown rule in \"" + item + "\"");
        }
        const std::string value = Trim(item.substr(equals + 1));
        if (value == "off") {
            rules.erase(rule);
            continue;
        }
        const size_t slash = value.find('/');
        if (slash == std::string::npos) {
            throw std::invalid_argument("STACKD_RATE_LIMITS: expected rule=count/seconds or rule=off, got \"" + item +
                                        "\"");
        }
        rule->limit = {static_cast<double>(PositiveNumber(value.substr(0, slash), item)),
                       PositiveNumber(value.substr(slash + 1), item) * 1000};
    }
}

bool IsLoopback(const std::string& ip) {
    return ip.rfind("127.", 0) == 0 || ip == "::1" || ip.rfind("::ffff:127.", 0) == 0;
}

std::optional<std::string> EmailOf(const nlohmann::json& body) {
    if (!body.is_object()) {
        return std::nullopt;
    }
    const auto it = body.find("email");
    if (it == body.end() || !it->is_string()) {
        return std::nullopt;
    }
    std::string email = Trim(it->get<std::string>());
    std::transform(email.begin(), email.end(), email.begin(), [](unsigned char c) { return std::tolower(c); });
    return email;
}

}  // namespace

std::unique_ptr<RateLimits> RateLimits::FromSpec(const std::string& spec, const util::Clock& clock,
                                                 std::string trusted_proxy) {
    if (Trim(spec) == "off") {
        return nullptr;
    }
    auto rules = DefaultRules();
    ApplyOverrides(rules, spec);
    return std::unique_ptr<RateLimits>(new RateLimits(std::move(rules), clock, std::move(trusted_proxy)));
}

RateLimits::RateLimits(std::vector<Rule> rules, const util::Clock& clock, std::string trusted_proxy)
    : rules_(std::move(rules)), clock_(&clock), trusted_proxy_(std::move(trusted_proxy)) {}

std::vector<size_t> RateLimits::RulesFor(const std::string& method, const std::string& path) const {
    const std::string route = method + " " + path;
    std::vector<size_t> indexes;
    for (size_t i = 0; i < rules_.size(); ++i) {
        if (std::find(rules_[i].routes.begin(), rules_[i].routes.end(), route) != rules_[i].routes.end()) {
            indexes.push_back(i);
        }
    }
    return indexes;
}

std::optional<http::Response> RateLimits::Check(const std::vector<size_t>& rules, const RouteContext& context) const {
    if (rules.empty() || (context.auth && context.auth->type != domain::AccessType::kClient)) {
        return std::nullopt;
    }
    const std::string project = context.auth ? context.auth->project().id : "";
    const int64_t now = clock_->NowMillis();
    std::optional<int64_t> longest_wait;
    for (const size_t index : rules) {
        const Rule& rule = rules_[index];
        std::optional<std::string> value;
        if (rule.key == Key::kEmail) {
            value = EmailOf(context.body);
        } else {
            value = ClientIpOf(context.request, trusted_proxy_);
            if (IsLoopback(*value)) {
                value.reset();
            }
        }
        if (!value) {
            continue;
        }
        // Every rule spends a token, so an exhausted email budget does not spare the IP's.
        if (auto wait = buckets_.Take(rule.name + '\n' + project + '\n' + *value, rule.limit, now)) {
            longest_wait = std::max(longest_wait.value_or(0), *wait);
        }
    }
    if (!longest_wait) {
        return std::nullopt;
    }
    auto response = http::Response::Text(429, "Too many requests. Please try again later.");
    response.SetHeader("retry-after", std::to_string((*longest_wait + 999) / 1000));
    return response;
}

}  // namespace stackd::api
