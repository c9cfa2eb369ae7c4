#include "domain/sign_up_condition.hpp"

#include <optional>
#include <regex>
#include <vector>

#include "domain/cel/evaluator.hpp"

namespace stackd::domain {
namespace {

using cel::Value;

// libstdc++'s regex engine backtracks recursively; a bound on the subject keeps a long
// value from exhausting the stack (sign-up emails are at most 256 characters).
constexpr size_t kMaxRegexSubject = 1000;

bool IsWord(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// upstream's unescapeCelString: two passes, `\\` → `\` and then `\"` → `"`.
std::string Unescape(const std::string& raw) {
    auto replace_all = [](std::string text, const std::string& from, const std::string& to) {
        std::string out;
        size_t at = 0;
        for (size_t found; (found = text.find(from, at)) != std::string::npos; at = found + from.size()) {
            out += text.substr(at, found - at) + to;
        }
        return out + text.substr(at);
    };
    return replace_all(replace_all(raw, "\\\\", "\\"), "\\\"", "\"");
}

struct MethodCall {
    size_t end;  // one past the closing parenthesis
    std::string variable;
    std::string method;
    std::string raw_argument;
};

// Matches `(\w+)\.(contains|startsWith|endsWith|matches)\s*\(\s*"((?:\\.|[^"\\])*)"\s*\)` at `pos`.
std::optional<MethodCall> MatchMethodCall(const std::string& s, size_t pos) {
    size_t at = pos;
    while (at < s.size() && IsWord(s[at])) {
        ++at;
    }
    if (at == pos || at >= s.size() || s[at] != '.') {
        return std::nullopt;
    }
    MethodCall call;
    call.variable = s.substr(pos, at - pos);
    ++at;
    for (const char* method : {"contains", "startsWith", "endsWith", "matches"}) {
        const std::string name = method;
        if (s.compare(at, name.size(), name) == 0) {
            call.method = name;
            break;
        }
    }
    if (call.method.empty()) {
        return std::nullopt;
    }
    at += call.method.size();
    auto skip_spaces = [&] {
        while (at < s.size() && IsSpace(s[at])) {
            ++at;
        }
    };
    skip_spaces();
    if (at >= s.size() || s[at] != '(') {
        return std::nullopt;
    }
    ++at;
    skip_spaces();
    if (at >= s.size() || s[at] != '"') {
        return std::nullopt;
    }
    const size_t argument_start = ++at;
    while (at < s.size() && s[at] != '"') {
        if (s[at] == '\\') {
            if (at + 1 >= s.size() || s[at + 1] == '\n' || s[at + 1] == '\r') {
                return std::nullopt;
            }
            ++at;
        }
        ++at;
    }
    if (at >= s.size()) {
        return std::nullopt;
    }
    call.raw_argument = s.substr(argument_start, at - argument_start);
    ++at;
    skip_spaces();
    if (at >= s.size() || s[at] != ')') {
        return std::nullopt;
    }
    call.end = at + 1;
    return call;
}

const std::string* StringVariable(const SignUpRuleContext& context, const std::string& name) {
    if (name == "email") {
        return &context.email;
    }
    if (name == "emailDomain") {
        return &context.email_domain;
    }
    if (name == "countryCode") {
        return &context.country_code;
    }
    if (name == "authMethod") {
        return &context.auth_method;
    }
    if (name == "oauthProvider") {
        return &context.oauth_provider;
    }
    return nullptr;
}

bool RunMethod(const std::string& method, const std::string& subject, const std::string& argument,
               const std::string& expression) {
    if (method == "contains") {
        return subject.find(argument) != std::string::npos;
    }
    if (method == "startsWith") {
        return subject.compare(0, argument.size(), argument) == 0;
    }
    if (method == "endsWith") {
        return subject.size() >= argument.size() &&
               subject.compare(subject.size() - argument.size(), argument.size(), argument) == 0;
    }
    std::regex pattern;
    try {
        pattern = std::regex(argument, std::regex::ECMAScript);
    } catch (const std::regex_error&) {
        throw ConditionError("Invalid regex pattern in matches(): \"" + argument + "\"");
    }
    if (subject.size() > kMaxRegexSubject) {
        throw ConditionError("Failed to evaluate CEL expression: " + expression);
    }
    return std::regex_search(subject, pattern);
}

}  // namespace

bool EvaluateSignUpCondition(const std::string& expression, const SignUpRuleContext& context) {
    Value::Map variables = {
        {"email", Value::String(context.email)},
        {"emailDomain", Value::String(context.email_domain)},
        {"countryCode", Value::String(context.country_code)},
        {"authMethod", Value::String(context.auth_method)},
        {"oauthProvider", Value::String(context.oauth_provider)},
        {"riskScores",
         Value::MakeMap({{"bot", Value::Number(static_cast<double>(context.risk_bot))},
                         {"free_trial_abuse", Value::Number(static_cast<double>(context.risk_free_trial_abuse))}})},
    };
    try {
        // The library has no string methods, so upstream evaluates them up front and puts a
        // boolean placeholder in their place (scanning the raw text, string literals included).
        std::string transformed;
        size_t counter = 0;
        for (size_t pos = 0; pos < expression.size();) {
            const auto call = MatchMethodCall(expression, pos);
            if (!call) {
                transformed += expression[pos++];
                continue;
            }
            const std::string* subject = StringVariable(context, call->variable);
            if (!subject) {
                transformed += expression.substr(pos, call->end - pos);
            } else {
                const std::string key = "_method_" + std::to_string(counter++);
                const bool result = RunMethod(call->method, *subject, Unescape(call->raw_argument), expression);
                variables.emplace_back(key, Value::Bool(result));
                transformed += key;
            }
            pos = call->end;
        }
        const Value result = cel::Evaluate(*cel::Parse(transformed), variables);
        if (result.kind != Value::Kind::kBool) {
            throw ConditionError("CEL expression must evaluate to a boolean, got " + cel::JsTypeOf(result) + ": " +
                                 cel::ToJsJson(result));
        }
        return result.boolean;
    } catch (const ConditionError&) {
        throw;
    } catch (const std::exception&) {
        throw ConditionError("Failed to evaluate CEL expression: " + expression);
    }
}

}  // namespace stackd::domain
