#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace stackd::domain {

// The variables a sign-up rule's condition sees (upstream's SignUpRuleContext).
struct SignUpRuleContext {
    std::string email;           // normalised (trimmed, lower-cased); "" when the sign-up has none
    std::string email_domain;    // after the last "@"; ""
    std::string country_code;    // ISO 3166-1 alpha-2, upper-case; "" when unknown
    std::string auth_method;     // password | otp | oauth | passkey
    std::string oauth_provider;  // "" unless OAuth
    int64_t risk_bot = 0;
    int64_t risk_free_trial_abuse = 0;
};

// A condition that could not be evaluated; `what()` is upstream's message
// ("Failed to evaluate CEL expression: ...", "Invalid regex pattern in matches(): ...",
// "CEL expression must evaluate to a boolean, got ...").
struct ConditionError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Evaluates a rule condition as upstream does: `<var>.contains|startsWith|endsWith|matches("literal")`
// on a string variable is computed first (JavaScript semantics, `matches` as a JavaScript
// regular expression searched anywhere) and replaced by a boolean placeholder, then the
// rest is evaluated as CEL (domain/cel). The result must be a boolean.
bool EvaluateSignUpCondition(const std::string& expression, const SignUpRuleContext& context);

}  // namespace stackd::domain
