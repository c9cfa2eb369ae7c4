#include "domain/sign_up_rules.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "domain/user.hpp"
#include "errors/known_error.hpp"

namespace stackd::domain {
namespace {

// ECMAScript's "array index" property keys, which objects enumerate before all others.
std::optional<uint64_t> ArrayIndex(const std::string& key) {
    if (key.empty() || key.size() > 10 || (key.size() > 1 && key[0] == '0') ||
        !std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    const uint64_t value = std::stoull(key);
    if (value >= 4294967295ULL) {
        return std::nullopt;
    }
    return value;
}

int64_t Priority(const nlohmann::json& rule) {
    const auto& priority = rule.is_object() ? rule.value("priority", nlohmann::json(0)) : nlohmann::json(0);
    return priority.is_number() ? priority.get<int64_t>() : 0;
}

std::string Upper(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return text;
}

std::string Trim(const std::string& text) {
    const auto begin = text.find_first_not_of(" \t\n\r\f\v");
    if (begin == std::string::npos) {
        return "";
    }
    return text.substr(begin, text.find_last_not_of(" \t\n\r\f\v") + 1 - begin);
}

}  // namespace

std::vector<std::string> OrderedSignUpRuleIds(const nlohmann::json& config) {
    const auto pointer = nlohmann::json::json_pointer("/auth/signUpRules");
    std::vector<std::string> ids;
    if (!config.contains(pointer) || !config[pointer].is_object()) {
        return ids;
    }
    const auto& rules = config[pointer];
    for (const auto& [id, rule] : rules.items()) {
        ids.push_back(id);
    }
    std::sort(ids.begin(), ids.end(), [&](const std::string& a, const std::string& b) {
        const int64_t pa = Priority(rules[a]);
        const int64_t pb = Priority(rules[b]);
        return pa != pb ? pa > pb : a < b;
    });
    // Upstream rebuilds an object from the sorted entries; enumerating it puts index-like ids first.
    std::stable_partition(ids.begin(), ids.end(), [](const std::string& id) { return ArrayIndex(id).has_value(); });
    const auto first_named =
        std::find_if(ids.begin(), ids.end(), [](const std::string& id) { return !ArrayIndex(id); });
    std::sort(ids.begin(), first_named,
              [](const std::string& a, const std::string& b) { return *ArrayIndex(a) < *ArrayIndex(b); });
    return ids;
}

SignUpRulesTrace TraceSignUpRules(const nlohmann::json& config, const SignUpRuleContext& context) {
    SignUpRulesTrace trace;
    const auto ids = OrderedSignUpRuleIds(config);  // empty unless auth.signUpRules is an object
    for (const auto& id : ids) {
        const auto& rule = config[nlohmann::json::json_pointer("/auth/signUpRules")][id];
        SignUpRuleEvaluation evaluation{id, rule, "not_matched", std::nullopt};
        if (!rule.is_object()) {
            // Config validation only stores objects; anything else is treated as switched off.
            evaluation.status = "disabled";
            trace.evaluations.push_back(std::move(evaluation));
            continue;
        }
        const auto enabled = rule.value("enabled", nlohmann::json(false));
        const auto condition = rule.value("condition", nlohmann::json(nullptr));
        if (!(enabled.is_boolean() && enabled.get<bool>())) {
            evaluation.status = "disabled";
            trace.evaluations.push_back(std::move(evaluation));
            continue;
        }
        if (!condition.is_string() || condition.get<std::string>().empty()) {
            evaluation.status = "missing_condition";
            trace.evaluations.push_back(std::move(evaluation));
            continue;
        }
        bool matched = false;
        try {
            matched = EvaluateSignUpCondition(condition.get<std::string>(), context);
            evaluation.status = matched ? "matched" : "not_matched";
        } catch (const ConditionError& e) {
            // The dashboard only writes valid conditions, so a failure means a hand-edited
            // config: the rule is skipped and the problem logged (upstream captures it).
            evaluation.status = "error";
            evaluation.error = e.what();
            spdlog::warn("sign-up rule {}: {}", id, e.what());
        }
        trace.evaluations.push_back(std::move(evaluation));
        if (!matched) {
            continue;
        }
        const auto action = rule.value("action", nlohmann::json::object());
        const auto type_value =
            action.is_object() ? action.value("type", nlohmann::json("allow")) : nlohmann::json("allow");
        const std::string type = type_value.is_string() ? type_value.get<std::string>() : "allow";
        trace.triggered.emplace_back(id, type);
        if (type == "restrict" && !trace.outcome.restricted_because_of_rule_id) {
            trace.outcome.restricted_because_of_rule_id = id;
        }
        if (type == "allow" || type == "reject") {
            trace.outcome.should_allow = type == "allow";
            trace.outcome.decision = type;
            trace.outcome.decision_rule_id = id;
            return trace;
        }
    }
    const auto default_action =
        config.value(nlohmann::json::json_pointer("/auth/signUpRulesDefaultAction"), nlohmann::json("allow"));
    trace.outcome.should_allow = !(default_action.is_string() && default_action.get<std::string>() == "reject");
    trace.outcome.decision = trace.outcome.should_allow ? "default-allow" : "default-reject";
    return trace;
}

SignUpDecision SignUpRules::Enforce(const TenancyView& tenancy, const std::optional<std::string>& email,
                                    const std::string& auth_method, const std::optional<std::string>& oauth_provider,
                                    const std::optional<std::string>& request_country) const {
    SignUpDecision decision;
    decision.country_code = DeriveCountryCode(request_country, email);
    const auto context = MakeSignUpRuleContext(email, decision.country_code, auth_method, oauth_provider);
    const auto trace = TraceSignUpRules(tenancy.config, context);
    for (const auto& [rule_id, action] : trace.triggered) {
        events_.Record(tenancy.tenancy->id, "$sign-up-rule-trigger",
                       {{"projectId", tenancy.project.id},
                        {"branchId", tenancy.tenancy->branch_id},
                        {"ruleId", rule_id},
                        {"action", action},
                        {"email", context.email},
                        {"authMethod", context.auth_method},
                        {"oauthProvider", context.oauth_provider}});
    }
    if (!trace.outcome.should_allow) {
        // The rule's own message stays internal: telling the caller would help evade it.
        throw errors::KnownError(errors::ErrorCode::kSignUpRejected,
                                 {{"message", errors::Describe(errors::ErrorCode::kSignUpRejected).message}});
    }
    const auto& restricting = trace.outcome.restricted_because_of_rule_id;
    if (restricting) {
        const auto& rule = tenancy.config[nlohmann::json::json_pointer("/auth/signUpRules")][*restricting];
        const auto display_name = rule.value("displayName", nlohmann::json(nullptr));
        std::string details = "Restricted by sign-up rule: " + *restricting;
        if (display_name.is_string() && !display_name.get<std::string>().empty()) {
            details += " (" + display_name.get<std::string>() + ")";
        }
        decision.restriction_details = details;
    }
    return decision;
}

std::optional<std::string> SignUpRules::DeriveCountryCode(const std::optional<std::string>& request_country,
                                                          const std::optional<std::string>& email) const {
    auto valid = [](const std::string& raw) -> std::optional<std::string> {
        const std::string code = Upper(Trim(raw));
        if (code.size() == 2 && std::isupper(static_cast<unsigned char>(code[0])) &&
            std::isupper(static_cast<unsigned char>(code[1]))) {
            return code;
        }
        return std::nullopt;
    };
    if (email && development_environment_) {
        // ^[^+]+\+([^@]+)@example\.com$, case-insensitive
        const std::string suffix = "@example.com";
        const auto plus = email->find('+');
        if (plus != std::string::npos && plus > 0 && email->size() > plus + 1 + suffix.size()) {
            std::string tail = email->substr(email->size() - suffix.size());
            std::transform(tail.begin(), tail.end(), tail.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            const std::string tag = email->substr(plus + 1, email->size() - suffix.size() - plus - 1);
            if (tail == suffix && tag.find('@') == std::string::npos) {
                if (auto code = valid(tag)) {
                    return code;
                }
            }
        }
    }
    if (request_country) {
        return valid(*request_country);
    }
    return std::nullopt;
}

void ApplySignUpDecision(UserInput& input, const SignUpDecision& decision, const User* upgraded) {
    if (decision.restriction_details) {
        input.restricted_by_admin = true;
        std::optional<std::string> existing;
        if (input.restricted_by_admin_private_details) {
            existing = *input.restricted_by_admin_private_details;
        } else if (upgraded) {
            existing = upgraded->restricted_by_admin_private_details;
        }
        input.restricted_by_admin_private_details = std::optional<std::string>(
            existing ? *existing + "\n\n" + *decision.restriction_details : *decision.restriction_details);
    }
    const bool keeps_country = upgraded && upgraded->is_anonymous && upgraded->country_code;
    if (!keeps_country && decision.country_code) {
        input.country_code = std::optional<std::string>(*decision.country_code);
    }
    input.risk_scores = std::make_pair(int64_t{0}, int64_t{0});
}

SignUpRuleContext MakeSignUpRuleContext(const std::optional<std::string>& email,
                                        const std::optional<std::string>& country_code, const std::string& auth_method,
                                        const std::optional<std::string>& oauth_provider, int64_t risk_bot,
                                        int64_t risk_free_trial_abuse) {
    SignUpRuleContext context;
    if (email && !email->empty()) {
        context.email = NormalizeEmail(*email);
        const auto at = context.email.rfind('@');
        context.email_domain = at == std::string::npos ? "" : context.email.substr(at + 1);
    }
    context.country_code = country_code ? Upper(Trim(*country_code)) : "";
    context.auth_method = auth_method;
    context.oauth_provider = oauth_provider.value_or("");
    context.risk_bot = risk_bot;
    context.risk_free_trial_abuse = risk_free_trial_abuse;
    return context;
}

}  // namespace stackd::domain
