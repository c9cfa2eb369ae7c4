#include "domain/sign_up_condition.hpp"

#include <gtest/gtest.h>

#include "domain/sign_up_rules.hpp"

namespace stackd::domain {
namespace {

SignUpRuleContext Context(const std::string& email = "user@example.com", const std::string& country = "US",
                          int64_t bot = 0, int64_t abuse = 0) {
    return MakeSignUpRuleContext(email, country, "password", std::nullopt, bot, abuse);
}

bool Eval(const std::string& expression, const SignUpRuleContext& context = Context()) {
    return EvaluateSignUpCondition(expression, context);
}

std::string ErrorOf(const std::string& expression, const SignUpRuleContext& context = Context()) {
    try {
        EvaluateSignUpCondition(expression, context);
    } catch (const ConditionError& e) {
        return e.what();
    }
    return "no error";
}

TEST(SignUpRuleContextTest, NormalisesEmailAndCountry) {
    const auto context = MakeSignUpRuleContext(" Test.User@Example.COM ", " us ", "oauth", "discord", 17, 23);
    EXPECT_EQ(context.email, "test.user@example.com");
    EXPECT_EQ(context.email_domain, "example.com");
    EXPECT_EQ(context.country_code, "US");
    EXPECT_EQ(context.oauth_provider, "discord");
    const auto empty = MakeSignUpRuleContext(std::nullopt, std::nullopt, "oauth", std::nullopt);
    EXPECT_EQ(empty.email, "");
    EXPECT_EQ(empty.email_domain, "");
    EXPECT_EQ(empty.country_code, "");
    EXPECT_EQ(empty.oauth_provider, "");
}

TEST(SignUpConditionTest, ComparisonsAndLogic) {
    EXPECT_TRUE(Eval("true"));
    EXPECT_FALSE(Eval("false"));
    EXPECT_TRUE(Eval("email == \"user@example.com\""));
    EXPECT_TRUE(Eval("emailDomain != \"other.com\""));
    EXPECT_TRUE(Eval("authMethod == \"password\" && countryCode == 'US'"));
    EXPECT_TRUE(Eval("authMethod == \"otp\" || countryCode == \"US\""));
    EXPECT_TRUE(Eval("(authMethod == \"otp\" || email == \"x\") || !(countryCode == \"CA\")"));
    EXPECT_TRUE(Eval("riskScores.bot == 33 && riskScores.free_trial_abuse < 90", Context("a@b.com", "", 33, 44)));
    EXPECT_TRUE(Eval("riskScores[\"bot\"] >= 33", Context("a@b.com", "", 33, 44)));
    EXPECT_TRUE(Eval("countryCode in [\"US\", \"CA\"]"));
    EXPECT_FALSE(Eval("countryCode in [\"CA\"]"));
    EXPECT_TRUE(Eval("!(authMethod in [\"otp\", \"oauth\"])"));
    EXPECT_TRUE(Eval("1 + 2 * 3 == 7"));
    EXPECT_TRUE(Eval("7 / 2 == 3.5"));  // JavaScript division
    EXPECT_TRUE(Eval("-7 % 3 == -1"));
    EXPECT_TRUE(Eval("\"ab\" + \"c\" == \"abc\""));
    EXPECT_TRUE(Eval("[1, 2][1] == 2"));
    EXPECT_TRUE(Eval("0x10 == 16 && 3u == 3"));
    EXPECT_TRUE(Eval("true ? email != \"\" : false"));
    EXPECT_TRUE(Eval("size(email) == 16 && size([1,2,3]) == 3"));
    EXPECT_TRUE(Eval("has(riskScores.bot)"));
    EXPECT_FALSE(Eval("has(riskScores.nope)"));
    EXPECT_TRUE(Eval("{\"a\": 1, \"b\": 2}.all(k, k != \"c\")"));
    EXPECT_TRUE(Eval("riskScores.exists(k, k == \"bot\")"));
    EXPECT_TRUE(Eval("riskScores.exists_one(k, k == \"bot\")"));
    EXPECT_TRUE(Eval("size(riskScores.filter(k, k == \"bot\")) == 1"));
    EXPECT_TRUE(Eval("riskScores.map(k, k + \"!\") == [\"bot!\", \"free_trial_abuse!\"]"));
    EXPECT_TRUE(Eval("[1, 2] == [1, 2] && {\"a\": \"x\"} == {\"a\": \"x\"}"));
    EXPECT_TRUE(Eval("// comment\n email != \"\""));
    EXPECT_TRUE(Eval("!!true && !null"));
}

TEST(SignUpConditionTest, StringMethodsArePrecomputed) {
    EXPECT_TRUE(Eval("email.contains(\"@exam\")"));
    EXPECT_TRUE(Eval("email.startsWith(\"user\")"));
    EXPECT_TRUE(Eval("email.endsWith(\"@example.com\")"));
    EXPECT_TRUE(Eval("email.matches(\"^[a-z]+@\")"));
    EXPECT_FALSE(Eval("email.matches(\"^[0-9]+@\")"));
    EXPECT_TRUE(Eval("emailDomain.endsWith ( \"example.com\" )"));
    // Literal, not regex, semantics for contains; distinct placeholders per call.
    EXPECT_FALSE(Eval("email.contains(\"u.er\")"));
    EXPECT_TRUE(Eval("email.contains(\"bad+char\") && !email.contains(\"bad-char\")", Context("x-bad+char@a.com")));
    EXPECT_FALSE(Eval("email.contains(\"bad+char\") && !email.contains(\"bad-char\")", Context("x-bad-char@a.com")));
    // Escapes in the argument: \" is a quote, \\ a backslash.
    EXPECT_TRUE(Eval(R"(email.contains("a\"b"))", Context("a\"b@x.com")));
    EXPECT_TRUE(Eval(R"(email.matches("^(a)\\1"))", Context("aa@x.com")));
    EXPECT_FALSE(Eval(R"(email.matches("^(a)\\1"))", Context("ab@x.com")));
    // Missing email: string methods see "".
    const auto no_email = MakeSignUpRuleContext(std::nullopt, std::nullopt, "oauth", "discord");
    EXPECT_FALSE(Eval("email.contains(\"@\")", no_email));
    EXPECT_TRUE(Eval("email == \"\" && oauthProvider == \"discord\"", no_email));
}

TEST(SignUpConditionTest, ErrorsCarryUpstreamMessages) {
    EXPECT_EQ(ErrorOf("email.matches(\"test(unclosed\")"), "Invalid regex pattern in matches(): \"test(unclosed\"");
    EXPECT_EQ(ErrorOf("email =="), "Failed to evaluate CEL expression: email ==");
    EXPECT_EQ(ErrorOf("unknownVar == 1"), "Failed to evaluate CEL expression: unknownVar == 1");
    EXPECT_EQ(ErrorOf("email.lowerAscii() == \"x\""), "Failed to evaluate CEL expression: email.lowerAscii() == \"x\"");
    EXPECT_EQ(ErrorOf("email + 1 == 2"), "Failed to evaluate CEL expression: email + 1 == 2");
    EXPECT_EQ(ErrorOf("1 / 0 == 1"), "Failed to evaluate CEL expression: 1 / 0 == 1");
    EXPECT_EQ(ErrorOf("1 < 2 < 3"), "Failed to evaluate CEL expression: 1 < 2 < 3");
    EXPECT_EQ(ErrorOf("email"), "CEL expression must evaluate to a boolean, got string: \"user@example.com\"");
    EXPECT_EQ(ErrorOf("riskScores.bot"), "CEL expression must evaluate to a boolean, got number: 0");
    EXPECT_EQ(ErrorOf("null"), "CEL expression must evaluate to a boolean, got object: null");
    EXPECT_EQ(ErrorOf("[true]"), "CEL expression must evaluate to a boolean, got object: [true]");
    EXPECT_EQ(ErrorOf("if == 1"), "Failed to evaluate CEL expression: if == 1");
    EXPECT_EQ(ErrorOf(std::string(500, '(') + "true" + std::string(500, ')')),
              "Failed to evaluate CEL expression: " + std::string(500, '(') + "true" + std::string(500, ')'));
}

TEST(SignUpConditionTest, LibraryQuirksAreKept) {
    // `||` evaluates every operand, so a failing right side fails the whole condition.
    EXPECT_EQ(ErrorOf("true || unknownVar"), "Failed to evaluate CEL expression: true || unknownVar");
    // `&&` short-circuits on a leading false only.
    EXPECT_FALSE(Eval("false && unknownVar"));
    // Characters no token matches are dropped by the lexer.
    EXPECT_TRUE(Eval("true @"));
    // String literals keep their escapes verbatim.
    EXPECT_TRUE(Eval(R"("a\"b" == 'a\"b')"));
}

TEST(SignUpRulesOrderTest, PriorityDescendingThenIdWithIndexIdsFirst) {
    const nlohmann::json config = {{"auth",
                                    {{"signUpRules",
                                      {{"zzz", {{"priority", 0}}},
                                       {"aaa", {{"priority", 0}}},
                                       {"high", {{"priority", 5}}},
                                       {"10", {{"priority", 9}}},
                                       {"2", {{"priority", 0}}}}}}}};
    EXPECT_EQ(OrderedSignUpRuleIds(config), (std::vector<std::string>{"2", "10", "high", "aaa", "zzz"}));
}

TEST(SignUpRulesTraceTest, FirstAllowOrRejectDecidesAndRestrictsAccumulate) {
    nlohmann::json rules = {
        {"a-log", {{"enabled", true}, {"priority", 30}, {"condition", "true"}, {"action", {{"type", "log"}}}}},
        {"b-restrict",
         {{"enabled", true}, {"priority", 20}, {"condition", "true"}, {"action", {{"type", "restrict"}}}}},
        {"b-restrict2",
         {{"enabled", true}, {"priority", 20}, {"condition", "true"}, {"action", {{"type", "restrict"}}}}},
        {"c-off", {{"enabled", false}, {"priority", 15}, {"condition", "true"}, {"action", {{"type", "reject"}}}}},
        {"d-empty", {{"enabled", true}, {"priority", 14}, {"action", {{"type", "reject"}}}}},
        {"e-bad", {{"enabled", true}, {"priority", 13}, {"condition", "nope =="}, {"action", {{"type", "reject"}}}}},
        {"f-allow", {{"enabled", true}, {"priority", 10}, {"condition", "true"}, {"action", {{"type", "allow"}}}}},
        {"g-never", {{"enabled", true}, {"priority", 0}, {"condition", "true"}, {"action", {{"type", "reject"}}}}}};
    const nlohmann::json config = {{"auth", {{"signUpRules", rules}, {"signUpRulesDefaultAction", "reject"}}}};
    const auto trace = TraceSignUpRules(config, Context());
    ASSERT_EQ(trace.evaluations.size(), 7u);
    EXPECT_EQ(trace.evaluations[3].status, "disabled");
    EXPECT_EQ(trace.evaluations[4].status, "missing_condition");
    EXPECT_EQ(trace.evaluations[5].status, "error");
    EXPECT_EQ(*trace.evaluations[5].error, "Failed to evaluate CEL expression: nope ==");
    EXPECT_TRUE(trace.outcome.should_allow);
    EXPECT_EQ(trace.outcome.decision, "allow");
    EXPECT_EQ(*trace.outcome.decision_rule_id, "f-allow");
    EXPECT_EQ(*trace.outcome.restricted_because_of_rule_id, "b-restrict");
    EXPECT_EQ(trace.triggered.size(), 4u);

    // A malformed entry (config validation never stores one) is skipped, not a crash.
    const nlohmann::json malformed = {{"auth", {{"signUpRules", {{"weird", 5}}}}}};
    const auto skipped = TraceSignUpRules(malformed, Context());
    ASSERT_EQ(skipped.evaluations.size(), 1u);
    EXPECT_EQ(skipped.evaluations[0].status, "disabled");
    EXPECT_EQ(skipped.outcome.decision, "default-allow");

    const nlohmann::json only_default = {
        {"auth", {{"signUpRules", nlohmann::json::object()}, {"signUpRulesDefaultAction", "reject"}}}};
    const auto rejected = TraceSignUpRules(only_default, Context());
    EXPECT_FALSE(rejected.outcome.should_allow);
    EXPECT_EQ(rejected.outcome.decision, "default-reject");
    EXPECT_FALSE(rejected.outcome.decision_rule_id.has_value());
}

}  // namespace
}  // namespace stackd::domain
