// Sign-up rules (auth.md §3.0 "Sign-up pipeline", platform.md §1.4 auth.signUpRules): evaluated
// on password sign-up and OTP first sign-in, anonymous upgrades included; never on anonymous
// sign-up or server-side user creation. Also /internal/sign-up-rules-test and -stats.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "integration/api/v1/internal/admin_test_helpers.hpp"
#include "support/email_test_server.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

constexpr const char* kRejected = "Your sign up was rejected by an administrator's sign-up rule.";

json Rule(int priority, const std::string& condition, const std::string& action, const std::string& display_name = "") {
    json rule = {{"enabled", true}, {"priority", priority}, {"condition", condition}, {"action", {{"type", action}}}};
    if (!display_name.empty()) {
        rule["displayName"] = display_name;
    }
    return rule;
}

void PatchBranchConfig(const TestServer& server, const Headers& admin, const json& update) {
    const auto response = SendJson(server, "PATCH", "/api/v1/internal/config/override/branch",
                                   {{"config_override_string", update.dump()}}, admin);
    ASSERT_EQ(response.status, 200) << response.body;
}

class SignUpRulesTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        server_ = new TestServer();
        owner_ = new DashboardUser(SignUpDashboardUser(*server_, "rules-owner"));
    }
    static void TearDownTestSuite() {
        delete owner_;
        delete server_;
        server_ = nullptr;
        owner_ = nullptr;
    }

    void SetUp() override { project_ = CreateManagedProject(*server_, *owner_); }

    void Configure(const json& update) const { PatchBranchConfig(*server_, project_.admin, update); }
    HttpResponse PasswordSignUp(const std::string& email, Headers headers = {}) const {
        Headers all = project_.client();
        all.insert(all.end(), headers.begin(), headers.end());
        return server_->Post("/api/v1/auth/password/sign-up",
                             json{{"email", email}, {"password", kTestPassword}}.dump(), all);
    }
    json AdminUser(const std::string& user_id) const {
        const auto response = server_->Get("/api/v1/users/" + user_id, project_.server);
        EXPECT_EQ(response.status, 200) << response.body;
        return response.Json();
    }
    HttpResponse TestRules(const json& body) const {
        return server_->Post("/api/v1/internal/sign-up-rules-test", body.dump(), project_.admin);
    }

    static TestServer* server_;
    static DashboardUser* owner_;
    ManagedProject project_;
};
TestServer* SignUpRulesTest::server_ = nullptr;
DashboardUser* SignUpRulesTest::owner_ = nullptr;

TEST_F(SignUpRulesTest, AMatchingRejectRuleRefusesTheSignUpWithUpstreamsBodyAndCreatesNothing) {
    Configure({{"auth.signUpRules.block-domain",
                {{"enabled", true},
                 {"displayName", "Block domain"},
                 {"condition", "emailDomain == \"blocked.com\""},
                 {"action", {{"type", "reject"}, {"message", "internal note"}}}}}});
    const std::string blocked = "someone-" + std::to_string(::getpid()) + "@Blocked.com";
    const auto rejected = PasswordSignUp(blocked);
    const auto body = ExpectKnownError(rejected, 403, "SIGN_UP_REJECTED");
    EXPECT_EQ(body, json({{"code", "SIGN_UP_REJECTED"}, {"details", {{"message", kRejected}}}, {"error", kRejected}}));
    // Nothing was created: the address cannot sign in, and an allowed address still signs up.
    ExpectKnownError(server_->Post("/api/v1/auth/password/sign-in",
                                   json{{"email", blocked}, {"password", kTestPassword}}.dump(), project_.client()),
                     400, "EMAIL_PASSWORD_MISMATCH");
    EXPECT_EQ(PasswordSignUp(UniqueEmail("allowed")).status, 200);
}

TEST_F(SignUpRulesTest, RulesRunByPriorityThenIdAndRestrictMarksTheNewUser) {
    Configure({{"auth.signUpRules.a-log", Rule(30, "true", "log")},
               {"auth.signUpRules.b-restrict", Rule(20, "emailDomain == \"test.com\"", "restrict", "Restrict test")},
               {"auth.signUpRules.b-restrict-too", Rule(20, "true", "restrict")},
               {"auth.signUpRules.c-allow", Rule(10, "email.contains(\"@\")", "allow")},
               {"auth.signUpRules.d-reject", Rule(10, "true", "reject")},
               {"auth.signUpRulesDefaultAction", "reject"}});
    const auto restricted = PasswordSignUp("restricted-" + std::to_string(::getpid()) + "@test.com");
    ASSERT_EQ(restricted.status, 200) << restricted.body;
    const auto user = AdminUser(restricted.Json()["user_id"]);
    EXPECT_EQ(user["restricted_by_admin"], true);
    EXPECT_EQ(user["restricted_by_admin_reason"], nullptr);
    EXPECT_EQ(user["restricted_by_admin_private_details"], "Restricted by sign-up rule: b-restrict (Restrict test)");
    EXPECT_EQ(user["is_restricted"], true);
    EXPECT_EQ(user["restricted_reason"], json({{"type", "restricted_by_administrator"}}));
    EXPECT_EQ(user["risk_scores"], json({{"sign_up", {{"bot", 0}, {"free_trial_abuse", 0}}}}));

    // Another domain: only the id-ordered second restrict rule matches, then c-allow decides
    // (before d-reject, same priority).
    const auto other = PasswordSignUp(UniqueEmail("other"));
    ASSERT_EQ(other.status, 200) << other.body;
    EXPECT_EQ(AdminUser(other.Json()["user_id"])["restricted_by_admin_private_details"],
              "Restricted by sign-up rule: b-restrict-too");
}

TEST_F(SignUpRulesTest, TheDefaultActionDecidesAndBrokenOrDisabledRulesNeverMatch) {
    Configure({{"auth.signUpRules.broken", Rule(5, "email.matches(\"test(unclosed\")", "allow")},
               {"auth.signUpRules.not-boolean", Rule(5, "email", "allow")},
               {"auth.signUpRules.off", {{"enabled", false}, {"condition", "true"}, {"action", {{"type", "allow"}}}}},
               {"auth.signUpRules.vip", Rule(0, "email.startsWith(\"vip-\")", "allow")},
               {"auth.signUpRulesDefaultAction", "reject"}});
    EXPECT_EQ(PasswordSignUp(UniqueEmail("vip")).status, 200);
    ExpectKnownError(PasswordSignUp(UniqueEmail("plain")), 403, "SIGN_UP_REJECTED");

    Configure({{"auth.signUpRulesDefaultAction", "allow"}});
    EXPECT_EQ(PasswordSignUp(UniqueEmail("plain")).status, 200);
}

TEST_F(SignUpRulesTest, AnonymousSignUpIsExemptButItsUpgradeIsNot) {
    Configure({{"auth.signUpRulesDefaultAction", "reject"}});
    const auto anonymous = server_->Post("/api/v1/auth/anonymous/sign-up", "{}", project_.client());
    ASSERT_EQ(anonymous.status, 200) << anonymous.body;
    const std::string user_id = anonymous.Json()["user_id"];
    const Headers with_token = {{"x-stack-access-token", anonymous.Json()["access_token"]},
                                {"x-stack-allow-anonymous-user", "true"}};

    ExpectKnownError(PasswordSignUp(UniqueEmail("upgrade"), with_token), 403, "SIGN_UP_REJECTED");
    EXPECT_EQ(AdminUser(user_id)["is_anonymous"], true);

    Configure({{"auth.signUpRulesDefaultAction", "allow"},
               {"auth.signUpRules.flag-upgrades", Rule(0, "authMethod == \"password\"", "restrict", "Flag")}});
    const auto upgraded = PasswordSignUp(UniqueEmail("upgrade"), with_token);
    ASSERT_EQ(upgraded.status, 200) << upgraded.body;
    EXPECT_EQ(upgraded.Json()["user_id"], user_id);
    const auto user = AdminUser(user_id);
    EXPECT_EQ(user["is_anonymous"], false);
    EXPECT_EQ(user["restricted_by_admin_private_details"], "Restricted by sign-up rule: flag-upgrades (Flag)");
}

TEST_F(SignUpRulesTest, ServerSideUserCreationIsNotSubjectToRules) {
    Configure({{"auth.signUpRulesDefaultAction", "reject"}});
    const auto created =
        server_->Post("/api/v1/users", json{{"primary_email", UniqueEmail("server")}}.dump(), project_.server);
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(created.Json()["restricted_by_admin"], false);
}

TEST_F(SignUpRulesTest, TheCountryComesFromABrowserRequestOrADevelopmentEmailTag) {
    Configure({{"auth.signUpRules.restrict-canada", Rule(0, "countryCode == \"CA\"", "restrict")}});
    const Headers browser = {
        {"user-agent", "Mozilla/5.0"}, {"x-forwarded-for", "127.0.0.1"}, {"x-vercel-ip-country", " ca "}};
    const auto from_canada = PasswordSignUp(UniqueEmail("geo"), browser);
    ASSERT_EQ(from_canada.status, 200) << from_canada.body;
    auto user = AdminUser(from_canada.Json()["user_id"]);
    EXPECT_EQ(user["restricted_by_admin"], true);
    EXPECT_EQ(user["country_code"], "CA");

    // Geo headers of a non-browser caller are ignored.
    const auto scripted =
        PasswordSignUp(UniqueEmail("geo"), {{"x-forwarded-for", "127.0.0.1"}, {"x-vercel-ip-country", "CA"}});
    ASSERT_EQ(scripted.status, 200) << scripted.body;
    user = AdminUser(scripted.Json()["user_id"]);
    EXPECT_EQ(user["restricted_by_admin"], false);
    EXPECT_EQ(user["country_code"], nullptr);

    // NODE_ENV=test: `+ca@example.com` stands for Canada.
    const auto tagged = PasswordSignUp("tagged-" + std::to_string(::getpid()) + "+ca@example.com");
    ASSERT_EQ(tagged.status, 200) << tagged.body;
    EXPECT_EQ(AdminUser(tagged.Json()["user_id"])["country_code"], "CA");
}

TEST_F(SignUpRulesTest, TriggersAreRecordedAsEventsAndCountedByTheStatsEndpoint) {
    Configure({{"auth.signUpRules.log-all", Rule(10, "true", "log")},
               {"auth.signUpRules.block-x", Rule(0, "email.startsWith(\"x-\")", "reject")}});
    ASSERT_EQ(PasswordSignUp(UniqueEmail("a")).status, 200);
    ExpectKnownError(PasswordSignUp(UniqueEmail("x")), 403, "SIGN_UP_REJECTED");

    json stats;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    do {  // events are written in batches
        const auto response = server_->Get("/api/v1/internal/sign-up-rules-stats", project_.admin);
        ASSERT_EQ(response.status, 200) << response.body;
        stats = response.Json();
        if (stats["total_triggers"] == 3) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    } while (std::chrono::steady_clock::now() < deadline);
    ASSERT_EQ(stats["total_triggers"], 3) << stats;
    EXPECT_EQ(stats["analytics_hours"], 48);
    EXPECT_EQ(stats["triggers_by_action"], json({{"allow", 0}, {"reject", 1}, {"restrict", 0}, {"log", 2}}));
    ASSERT_EQ(stats["rule_triggers"].size(), 2u);
    const auto& block = stats["rule_triggers"][0];
    EXPECT_EQ(block["rule_id"], "block-x");
    EXPECT_EQ(block["total_count"], 1);
    EXPECT_EQ(block["all_time_count"], 1);
    ASSERT_EQ(block["hourly_counts"].size(), 48u);
    EXPECT_EQ(block["hourly_counts"][47]["count"], 1);
    const std::string last_hour = block["hourly_counts"][47]["hour"];
    EXPECT_EQ(last_hour.substr(13), ":00:00.000Z");
    EXPECT_EQ(stats["rule_triggers"][1]["rule_id"], "log-all");
    EXPECT_EQ(stats["rule_triggers"][1]["total_count"], 2);

    // Admin only.
    EXPECT_NE(server_->Get("/api/v1/internal/sign-up-rules-stats", project_.server).status, 200);
}

TEST_F(SignUpRulesTest, TheTestEndpointTracesEveryRuleWithoutRecordingTriggers) {
    Configure({{"auth.signUpRules.a-high-bot", Rule(9, "riskScores.bot >= 50", "reject", "High bot")},
               {"auth.signUpRules.b-broken", Rule(8, "nope ==", "reject")},
               {"auth.signUpRules.c-off", {{"enabled", false}, {"priority", 8}, {"condition", "true"}}},
               {"auth.signUpRules.d-empty", {{"enabled", true}, {"priority", 7}}},
               {"auth.signUpRules.e-restrict", Rule(6, "countryCode in [\"DE\", \"FR\"]", "restrict")},
               {"auth.signUpRules.f-oauth",
                {{"enabled", true},
                 {"priority", 5},
                 {"condition", "authMethod == \"oauth\""},
                 {"action", {{"type", "reject"}, {"message", "no oauth"}}}}}});
    const auto response = TestRules({{"email", " User@Example.com "},
                                     {"auth_method", "oauth"},
                                     {"oauth_provider", "google"},
                                     {"country_code", "de"}});
    ASSERT_EQ(response.status, 200) << response.body;
    const auto body = response.Json();
    EXPECT_EQ(body["context"], json({{"email", "user@example.com"},
                                     {"email_domain", "example.com"},
                                     {"country_code", "DE"},
                                     {"auth_method", "oauth"},
                                     {"oauth_provider", "google"},
                                     {"turnstile_result", "invalid"},
                                     {"risk_scores", {{"bot", 0}, {"free_trial_abuse", 0}}}}));
    std::vector<std::string> statuses;
    for (const auto& evaluation : body["evaluations"]) {
        statuses.push_back(evaluation["rule_id"].get<std::string>() + ":" + evaluation["status"].get<std::string>());
    }
    EXPECT_EQ(statuses,
              (std::vector<std::string>{"a-high-bot:not_matched", "b-broken:error", "c-off:disabled",
                                        "d-empty:missing_condition", "e-restrict:matched", "f-oauth:matched"}));
    EXPECT_EQ(body["evaluations"][0]["display_name"], "High bot");
    EXPECT_EQ(body["evaluations"][1]["error"], "Failed to evaluate CEL expression: nope ==");
    EXPECT_EQ(body["evaluations"][2]["enabled"], false);
    EXPECT_EQ(body["evaluations"][3]["condition"], "");
    EXPECT_EQ(body["evaluations"][5]["action"], json({{"type", "reject"}, {"message", "no oauth"}}));
    EXPECT_EQ(body["outcome"], json({{"should_allow", false},
                                     {"decision", "reject"},
                                     {"decision_rule_id", "f-oauth"},
                                     {"restricted_because_of_rule_id", "e-restrict"}}));

    // Risk scores can be overridden; then the bot rule decides.
    const auto risky = TestRules({{"email", nullptr},
                                  {"auth_method", "password"},
                                  {"oauth_provider", nullptr},
                                  {"country_code", nullptr},
                                  {"turnstile_result", "ok"},
                                  {"risk_scores", {{"bot", 80}, {"free_trial_abuse", 0}}}});
    ASSERT_EQ(risky.status, 200) << risky.body;
    EXPECT_EQ(risky.Json()["outcome"]["decision_rule_id"], "a-high-bot");
    EXPECT_EQ(risky.Json()["context"]["email"], "");
    EXPECT_EQ(risky.Json()["context"]["turnstile_result"], "ok");

    ExpectSchemaError(TestRules({{"email", nullptr}, {"oauth_provider", nullptr}, {"country_code", "usa"}}), "POST",
                      "/api/v1/internal/sign-up-rules-test",
                      {"body.auth_method must be defined", "body.country_code must be a 2-letter country code"});
    EXPECT_NE(server_
                  ->Post("/api/v1/internal/sign-up-rules-test",
                         json{{"email", nullptr},
                              {"auth_method", "password"},
                              {"oauth_provider", nullptr},
                              {"country_code", nullptr}}
                             .dump(),
                         project_.server)
                  .status,
              200);
    // A dry run records nothing.
    EXPECT_EQ(server_->Get("/api/v1/internal/sign-up-rules-stats", project_.admin).Json()["total_triggers"], 0);
}

// OTP: the first sign-in of a new address is a sign-up.
TEST(SignUpRulesOtpTest, AFirstOtpSignInIsASignUp) {
    EmailTestServer env;
    const TestServer& server = *env.server;
    PatchBranchConfig(
        server, TestServer::AdminHeaders(),
        {{"auth.signUpRules.block-otp", Rule(0, "authMethod == \"otp\" && email.startsWith(\"blocked\")", "reject")},
         {"auth.signUpRules.block-germany", Rule(0, "countryCode == \"DE\"", "reject")}});
    auto sign_in = [&](const std::string& email, Headers send_headers = {}) {
        Headers headers = TestServer::ClientHeaders();
        headers.insert(headers.end(), send_headers.begin(), send_headers.end());
        const auto sent = server.Post("/api/v1/auth/otp/send-sign-in-code",
                                      json{{"email", email}, {"callback_url", kCallbackUrl}}.dump(), headers);
        EXPECT_EQ(sent.status, 200) << sent.body;
        const auto message = env.sink->WaitFor(email, 1);
        const std::string link = SmtpSink::LinkOf(message);
        const std::string code = link.substr(link.find("code=") + 5);
        return server.Post("/api/v1/auth/otp/sign-in", json{{"code", code}}.dump(), TestServer::ClientHeaders());
    };
    ExpectKnownError(sign_in(UniqueEmail("blocked")), 403, "SIGN_UP_REJECTED");
    // The country is the one of the browser request that asked for the code.
    ExpectKnownError(sign_in(UniqueEmail("berlin"),
                             {{"user-agent", "Mozilla/5.0"}, {"x-forwarded-for", "127.0.0.1"}, {"cf-ipcountry", "DE"}}),
                     403, "SIGN_UP_REJECTED");
    const auto allowed = sign_in(UniqueEmail("welcome"));
    ASSERT_EQ(allowed.status, 200) << allowed.body;
    EXPECT_EQ(allowed.Json()["is_new_user"], true);
}

}  // namespace
}  // namespace stackd::testing
