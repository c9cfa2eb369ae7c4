#include "api/v1/internal/sign_up_rules.hpp"

#include <algorithm>
#include <cctype>

#include "api/client_info.hpp"
#include "api/v1/schema/fields.hpp"

namespace stackd::api::v1::internal {
namespace {

using nlohmann::json;

// countryCodeSchema: trimmed and upper-cased, then exactly two letters.
std::optional<std::optional<std::string>> CountryCode(schema::ObjectReader& body) {
    auto raw = body.NullableString("country_code", {.required = true, .nullable = true});
    if (!raw || !*raw) {
        return raw;
    }
    std::string code = **raw;
    const auto begin = code.find_first_not_of(" \t\n\r\f\v");
    code = begin == std::string::npos ? "" : code.substr(begin, code.find_last_not_of(" \t\n\r\f\v") + 1 - begin);
    std::transform(code.begin(), code.end(), code.begin(), [](unsigned char c) { return std::toupper(c); });
    if (code.size() != 2 || !std::isupper(static_cast<unsigned char>(code[0])) ||
        !std::isupper(static_cast<unsigned char>(code[1]))) {
        body.AddProblem("body.country_code must be a 2-letter country code");
        return std::nullopt;
    }
    return std::optional<std::string>(code);
}

json EvaluationJson(const domain::SignUpRuleEvaluation& evaluation) {
    const json rule = evaluation.rule.is_object() ? evaluation.rule : json::object();
    const auto text = [&](const char* key) {
        const auto value = rule.value(key, json(nullptr));
        return value.is_string() ? value.get<std::string>() : std::string();
    };
    const auto enabled = rule.value("enabled", json(nullptr));
    const auto action = rule.value("action", json::object());
    const auto type = action.is_object() ? action.value("type", json("allow")) : json("allow");
    json action_json = {{"type", type.is_string() ? type : json("allow")}};
    if (action.is_object() && action.contains("message") && action["message"].is_string()) {
        action_json["message"] = action["message"];
    }
    json out = {{"rule_id", evaluation.rule_id},
                {"display_name", text("displayName")},
                {"enabled", !(enabled.is_boolean() && !enabled.get<bool>())},
                {"condition", text("condition")},
                {"status", evaluation.status},
                {"action", std::move(action_json)}};
    if (evaluation.error) {
        out["error"] = *evaluation.error;
    }
    return out;
}

json OptionalString(const std::optional<std::string>& value) { return value ? json(*value) : json(nullptr); }

}  // namespace

void RegisterSignUpRules(Dispatcher& dispatcher, const domain::SignUpRules& rules, storage::Store& store,
                         const util::Clock& clock, const std::string& trusted_proxy) {
    dispatcher.Add({
        .method = "POST",
        .path = "/api/v1/internal/sign-up-rules-test",
        .access = kAdminOnly,
        .query_keys = std::nullopt,
        .handle =
            [&rules, trusted_proxy](const RouteContext& context) {
                schema::ObjectReader body(
                    "body", context.body,
                    {"email", "auth_method", "oauth_provider", "country_code", "turnstile_result", "risk_scores"});
                const auto email = body.NullableString("email", {.required = true, .nullable = true});
                const auto auth_method = body.OneOf("auth_method", {"password", "otp", "oauth", "passkey"}, true);
                const auto oauth_provider = body.NullableString("oauth_provider", {.required = true, .nullable = true});
                const auto country_code = CountryCode(body);
                const auto turnstile = body.OneOf("turnstile_result", {"ok", "invalid", "error"});
                std::optional<std::pair<int64_t, int64_t>> risk_scores;
                if (auto scores = body.Json("risk_scores")) {
                    schema::ObjectReader risk("body.risk_scores", *scores, {"bot", "free_trial_abuse"});
                    const auto bot = risk.Integer("bot", true, 0, 100);
                    const auto abuse = risk.Integer("free_trial_abuse", true, 0, 100);
                    for (const auto& problem : risk.problems()) {
                        body.AddProblem(problem);
                    }
                    if (bot && abuse) {
                        risk_scores = std::make_pair(*bot, *abuse);
                    }
                }
                body.ThrowIfInvalid(context.request.method, context.requested_path);

                const std::optional<std::string> email_value = email ? *email : std::nullopt;
                std::optional<std::string> country = country_code ? *country_code : std::nullopt;
                if (!country) {
                    country = rules.DeriveCountryCode(
                        ClientInfoOf(context.request, trusted_proxy).end_user_country_code, email_value);
                }
                // Upstream's public risk engine scores every sign-up 0; an override replaces that.
                const auto scores = risk_scores.value_or(std::make_pair(int64_t{0}, int64_t{0}));
                const auto rule_context = domain::MakeSignUpRuleContext(email_value, country, *auth_method,
                                                                        oauth_provider ? *oauth_provider : std::nullopt,
                                                                        scores.first, scores.second);
                const auto trace = domain::TraceSignUpRules(context.Auth().config(), rule_context);

                json evaluations = json::array();
                for (const auto& evaluation : trace.evaluations) {
                    evaluations.push_back(EvaluationJson(evaluation));
                }
                return http::Response::Json(
                    200,
                    {{"context",
                      {{"email", rule_context.email},
                       {"email_domain", rule_context.email_domain},
                       {"country_code", rule_context.country_code},
                       {"auth_method", rule_context.auth_method},
                       {"oauth_provider", rule_context.oauth_provider},
                       {"turnstile_result", turnstile.value_or("invalid")},
                       {"risk_scores",
                        {{"bot", rule_context.risk_bot}, {"free_trial_abuse", rule_context.risk_free_trial_abuse}}}}},
                     {"evaluations", std::move(evaluations)},
                     {"outcome",
                      {{"should_allow", trace.outcome.should_allow},
                       {"decision", trace.outcome.decision},
                       {"decision_rule_id", OptionalString(trace.outcome.decision_rule_id)},
                       {"restricted_because_of_rule_id",
                        OptionalString(trace.outcome.restricted_because_of_rule_id)}}}});
            },
    });

    dispatcher.Add({
        .method = "GET",
        .path = "/api/v1/internal/sign-up-rules-stats",
        .access = kAdminOnly,
        .query_keys = std::nullopt,
        .handle =
            [stats = domain::SignUpRuleStats(store), &clock](const RouteContext& context) {
                return http::Response::Json(200, stats.Read(context.Auth().view->tenancy->id, clock.NowMillis()));
            },
    });
}

}  // namespace stackd::api::v1::internal
