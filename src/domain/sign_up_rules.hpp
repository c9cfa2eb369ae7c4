#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/projects.hpp"
#include "domain/sign_up_condition.hpp"
#include "domain/users.hpp"
#include "jobs/event_writer.hpp"

namespace stackd::domain {

// One rule as the trace shows it (upstream's SignUpRuleEvaluation).
struct SignUpRuleEvaluation {
    std::string rule_id;
    nlohmann::json rule;  // the rendered config entry
    std::string status;   // matched | not_matched | disabled | missing_condition | error
    std::optional<std::string> error;
};

struct SignUpRulesOutcome {
    bool should_allow = true;
    std::string decision;  // allow | reject | default-allow | default-reject
    std::optional<std::string> decision_rule_id;
    std::optional<std::string> restricted_because_of_rule_id;
};

struct SignUpRulesTrace {
    std::vector<SignUpRuleEvaluation> evaluations;
    SignUpRulesOutcome outcome;
    std::vector<std::pair<std::string, std::string>> triggered;  // (rule id, action type) of matched rules
};

// The config's rules in upstream's evaluation order: priority descending, then id; as the
// rendered config is a JavaScript object, ids that are array indices ("0", "17") come
// first, in numeric order.
std::vector<std::string> OrderedSignUpRuleIds(const nlohmann::json& config);

// upstream's evaluateSignUpRulesInternal: enabled rules with a condition are evaluated in
// order; a condition that fails to evaluate counts as not matching (status "error");
// `log` and `restrict` matches continue (the first restrict is remembered), the first
// matching `allow` or `reject` decides; otherwise auth.signUpRulesDefaultAction does.
SignUpRulesTrace TraceSignUpRules(const nlohmann::json& config, const SignUpRuleContext& context);

// What an allowed sign-up carries onto its user.
struct SignUpDecision {
    std::optional<std::string> restriction_details;  // set when a `restrict` rule matched
    std::optional<std::string> country_code;         // derived sign-up country, when known
};

// Step 2 of upstream's sign-up pipeline (createOrUpgradeAnonymousUserWithRules) for every
// sign-up path: password sign-up, OTP first sign-in, and anonymous upgrades through them.
// Anonymous sign-up and server-side user creation never come here.
class SignUpRules {
public:
    // `development_environment` (NODE_ENV development/test) lets `user+CA@example.com` stand
    // for a sign-up from Canada, as upstream's test setup relies on.
    SignUpRules(jobs::EventWriter& events, bool development_environment)
        : events_(events), development_environment_(development_environment) {}

    // Evaluates the rules (risk scores are 0: upstream's public risk engine computes no
    // others), records one `$sign-up-rule-trigger` event per matched rule, and throws
    // SIGN_UP_REJECTED when the sign-up may not proceed.
    // `request_country`: the end user's country as the sign-up request showed it
    // (ClientInfo::end_user_country_code; for OTP, the send-code request's, stored on the code).
    SignUpDecision Enforce(const TenancyView& tenancy, const std::optional<std::string>& email,
                           const std::string& auth_method, const std::optional<std::string>& oauth_provider,
                           const std::optional<std::string>& request_country) const;

    // upstream's getDerivedSignUpCountryCode: the email's `+XX@example.com` tag in
    // development, else the request's country; only valid 2-letter codes.
    std::optional<std::string> DeriveCountryCode(const std::optional<std::string>& request_country,
                                                 const std::optional<std::string>& email) const;

private:
    jobs::EventWriter& events_;
    bool development_environment_;
};

// Puts the decision on the user being created, or on the anonymous `upgraded` user: a
// restriction (appended to private details already there), the country unless the
// anonymous user already has one, and the sign-up risk scores.
void ApplySignUpDecision(UserInput& input, const SignUpDecision& decision, const User* upgraded);

// upstream's createSignUpRuleContext: the email normalised (trim + lower-case) with its
// domain, the country code upper-cased ("" when unknown), risk scores as computed.
SignUpRuleContext MakeSignUpRuleContext(const std::optional<std::string>& email,
                                        const std::optional<std::string>& country_code, const std::string& auth_method,
                                        const std::optional<std::string>& oauth_provider, int64_t risk_bot = 0,
                                        int64_t risk_free_trial_abuse = 0);

}  // namespace stackd::domain
