// GET /api/v1/internal/metrics (platform.md §4.4): every aggregate computed from a seeded
// project whose activity is spread over several days with the test clock, checked number
// by number; the empty project's full body; access and query errors.
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <functional>
#include <map>
#include <thread>

#include "integration/api/v1/internal/admin_test_helpers.hpp"
#include "storage/open_store.hpp"
#include "support/email_test_server.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

constexpr int64_t kDayMs = 24LL * 60 * 60 * 1000;
constexpr int64_t kHourMs = 60LL * 60 * 1000;
constexpr int kWindowDays = 31;
constexpr const char* kMetricsPath = "/api/v1/internal/metrics";

// The keys of one project created for a test, and its id.
struct Project {
    std::string id;
    Headers client;
    Headers server;
    Headers admin;
};

std::string DateOf(int64_t epoch_day) {
    const std::time_t seconds = static_cast<std::time_t>(epoch_day * (kDayMs / 1000));
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &parts);
    return text;
}

// 31 points ending on `today` (an epoch day), zero except `values` (window index → count).
json Series(int64_t today, const std::map<int, int64_t>& values = {}) {
    json points = json::array();
    for (int index = 0; index < kWindowDays; ++index) {
        const auto found = values.find(index);
        points.push_back({{"date", DateOf(today - (kWindowDays - 1) + index)},
                          {"activity", found == values.end() ? 0 : found->second}});
    }
    return points;
}

json Split(int64_t today, const std::map<int, int64_t>& total, const std::map<int, int64_t>& fresh,
           const std::map<int, int64_t>& retained, const std::map<int, int64_t>& reactivated) {
    return {{"total", Series(today, total)},
            {"new", Series(today, fresh)},
            {"retained", Series(today, retained)},
            {"reactivated", Series(today, reactivated)}};
}

Headers With(Headers headers, const Headers& extra) {
    headers.insert(headers.end(), extra.begin(), extra.end());
    return headers;
}

// What Vercel adds to a request from `country`/`region` (STACK_TRUSTED_PROXY=vercel).
Headers From(const std::string& country, const std::string& region) {
    return {{"x-vercel-ip-country", country}, {"x-vercel-ip-country-region", region}};
}

class InternalMetricsTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        sink_ = new SmtpSink();
        auto env = EmailServerEnv(sink_);
        env["STACK_TRUSTED_PROXY"] = "vercel";
        server_ = new TestServer(TestServer::Options{.env = env});
        owner_ = new DashboardUser(SignUpDashboardUser(*server_, "metrics"));
    }
    static void TearDownTestSuite() {
        delete owner_;
        delete server_;
        delete sink_;
        owner_ = nullptr;
        server_ = nullptr;
        sink_ = nullptr;
    }
    // Real time again, so the owner's access token is valid for project setup.
    void SetUp() override { SetClockOffset(*server_, 0); }
    void TearDown() override { SetClockOffset(*server_, 0); }

    static Project NewProject() {
        Project project;
        project.id = CreateProjectAs(*server_, *owner_)["id"];
        const auto keys = SendJson(*server_, "POST", "/api/v1/internal/api-keys",
                                   {{"description", "metrics test"},
                                    {"expires_at_millis", 4102444799000},
                                    {"has_publishable_client_key", true},
                                    {"has_secret_server_key", true},
                                    {"has_super_secret_admin_key", true}},
                                   AdminTokenHeaders(project.id, owner_->tokens.access_token));
        EXPECT_EQ(keys.status, 200) << keys.body;
        const auto body = keys.Json();
        project.client = {{"x-stack-access-type", "client"},
                          {"x-stack-project-id", project.id},
                          {"x-stack-publishable-client-key", body["publishable_client_key"]}};
        project.server = {{"x-stack-access-type", "server"},
                          {"x-stack-project-id", project.id},
                          {"x-stack-secret-server-key", body["secret_server_key"]}};
        project.admin = {{"x-stack-access-type", "admin"},
                         {"x-stack-project-id", project.id},
                         {"x-stack-super-secret-admin-key", body["super_secret_admin_key"]}};
        return project;
    }

    // Moves the server clock so that it reads `epoch_ms` now.
    static void SetNow(int64_t epoch_ms) {
        const auto clock = server_->Get("/stackd-test/clock").Json();
        const int64_t real_now = clock["now_ms"].get<int64_t>() - clock["offset_ms"].get<int64_t>();
        SetClockOffset(*server_, epoch_ms - real_now);
    }

    static Tokens PasswordSignUp(const Project& project, const std::string& email, const Headers& extra = {}) {
        const auto response = server_->Post(
            "/api/v1/auth/password/sign-up",
            json{{"email", email}, {"password", kTestPassword}, {"verification_callback_url", kCallbackUrl}}.dump(),
            With(project.client, extra));
        EXPECT_EQ(response.status, 200) << response.body;
        const auto body = response.Json();
        return {body["access_token"], body["refresh_token"], body["user_id"]};
    }

    static void RefreshSession(const Project& project, const Tokens& tokens, const Headers& extra = {}) {
        const auto response = Refresh(*server_, tokens.refresh_token, With(project.client, extra));
        EXPECT_EQ(response.status, 200) << response.body;
    }

    static json Metrics(const Project& project, const std::string& query = "") {
        const auto response = server_->Get(kMetricsPath + query, project.admin);
        EXPECT_EQ(response.status, 200) << response.body;
        return response.status == 200 ? response.Json() : json::object();
    }

    // Events and activity timestamps are written in batches: polls until `ready` holds (or
    // a deadline passes) and returns the last body.
    static json WaitForMetrics(const Project& project, const std::string& query,
                               const std::function<bool(const json&)>& ready) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        json metrics = Metrics(project, query);
        while (!ready(metrics) && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            metrics = Metrics(project, query);
        }
        return metrics;
    }

    // Writes an analytics event straight into the server's database, as a page-view
    // collector would (stackd has no such endpoint yet).
    static void InsertEvent(const Project& project, const std::string& type, const std::string& user_id, int64_t at_ms,
                            const json& data) {
        char pattern[] = "/tmp/stackd-events-XXXXXX";
        const std::string scratch = mkdtemp(pattern);
        auto store = storage::OpenStore(server_->database_url(),
                                        server_->database_url().empty() ? server_->data_dir() : scratch, 2);
        store->Write([&](storage::Connection& db) {
            const auto tenancy =
                db.QueryOne("SELECT id FROM tenancies WHERE project_id = $1 AND branch_id = 'main'", {project.id});
            ASSERT_TRUE(tenancy.has_value());
            db.Execute(
                "INSERT INTO events (id, tenancy_id, event_type, data, created_at, user_id) "
                "VALUES ($1, $2, $3, $4, $5, $6)",
                {user_id + type + std::to_string(at_ms), tenancy->Text(0), type, data.dump(), at_ms, user_id});
        });
        store.reset();
        std::filesystem::remove_all(scratch);
    }

    static SmtpSink* sink_;
    static TestServer* server_;
    static DashboardUser* owner_;
};
SmtpSink* InternalMetricsTest::sink_ = nullptr;
TestServer* InternalMetricsTest::server_ = nullptr;
DashboardUser* InternalMetricsTest::owner_ = nullptr;

std::vector<std::string> Ids(const json& users) {
    std::vector<std::string> ids;
    for (const auto& user : users) {
        ids.push_back(user.value("id", ""));
    }
    return ids;
}

TEST_F(InternalMetricsTest, EmptyProjectHasUpstreamsShapeWithZeroes) {
    const auto project = NewProject();
    const auto metrics = Metrics(project);
    const int64_t today = server_->Get("/stackd-test/clock").Json()["now_ms"].get<int64_t>() / kDayMs;
    ASSERT_EQ(metrics["daily_users"].size(), 31u);
    ASSERT_EQ(metrics["daily_users"].back()["date"], DateOf(today)) << "the test ran across midnight";

    json daily_email_status = json::array();
    json daily_revenue = json::array();
    for (int index = 0; index < kWindowDays; ++index) {
        const std::string date = DateOf(today - (kWindowDays - 1) + index);
        daily_email_status.push_back({{"date", date}, {"ok", 0}, {"error", 0}, {"in_progress", 0}});
        daily_revenue.push_back({{"date", date}, {"new_cents", 0}, {"refund_cents", 0}});
    }
    const json zero_split = Split(today, {}, {}, {}, {});
    EXPECT_EQ(metrics,
              json({{"total_users", 0},
                    {"daily_users", Series(today)},
                    {"daily_active_users", Series(today)},
                    {"users_by_country", json::object()},
                    {"recently_registered", json::array()},
                    {"recently_active", json::array()},
                    {"login_methods", json::array()},
                    {"auth_overview",
                     {{"verified_users", 0},
                      {"unverified_users", 0},
                      {"anonymous_users", 0},
                      {"total_teams", 0},
                      {"mau", 0},
                      {"daily_active_users_split", zero_split},
                      {"daily_active_teams_split", zero_split},
                      {"total_users_filtered", 0}}},
                    {"payments_overview",
                     {{"subscriptions_by_status", json::object()},
                      {"active_subscription_count", 0},
                      {"total_one_time_purchases", 0},
                      {"daily_subscriptions", Series(today)},
                      {"revenue_cents", 0},
                      {"mrr_cents", 0},
                      {"total_orders", 0},
                      {"checkout_conversion_rate", 0}}},
                    {"email_overview",
                     {{"emails_by_status", json::object()},
                      {"total_emails", 0},
                      {"daily_emails", Series(today)},
                      {"daily_emails_by_status", daily_email_status},
                      {"emails_sent", 0},
                      {"recent_emails", json::array()},
                      {"deliverability_status", {{"delivered", 0}, {"bounced", 0}, {"error", 0}, {"in_progress", 0}}},
                      {"deliverability_rate", 0},
                      {"bounce_rate", 0},
                      {"click_rate", 0}}},
                    {"analytics_overview",
                     {{"daily_page_views", Series(today)},
                      {"daily_clicks", Series(today)},
                      {"daily_visitors", Series(today)},
                      {"daily_revenue", daily_revenue},
                      {"total_revenue_cents", 0},
                      {"total_replays", 0},
                      {"recent_replays", 0},
                      {"visitors", 0},
                      {"avg_session_seconds", 0},
                      {"online_live", 0},
                      {"revenue_per_visitor", 0},
                      {"top_referrers", json::array()},
                      {"top_region", nullptr}}}}));
}

TEST_F(InternalMetricsTest, OnlyAdminAccessIsAllowed) {
    const auto project = NewProject();
    for (const auto& [headers, type] : {std::pair{project.server, "server"}, std::pair{project.client, "client"}}) {
        const auto body = ExpectKnownError(server_->Get(kMetricsPath, headers), 401, "INSUFFICIENT_ACCESS_TYPE");
        EXPECT_EQ(
            body,
            json({{"code", "INSUFFICIENT_ACCESS_TYPE"},
                  {"details", {{"actual_access_type", type}, {"allowed_access_types", {"admin"}}}},
                  {"error", std::string("The x-stack-access-type header must be 'admin', but was '") + type + "'."}}));
    }
    // The dashboard's way in: a project owner's internal access token.
    EXPECT_EQ(server_->Get(kMetricsPath, AdminTokenHeaders(project.id, owner_->tokens.access_token)).status, 200);
}

TEST_F(InternalMetricsTest, RejectsABadIncludeAnonymousFlagAndUnknownQueryKeys) {
    const auto project = NewProject();
    ExpectSchemaError(server_->Get(std::string(kMetricsPath) + "?include_anonymous=yes", project.admin), "GET",
                      kMetricsPath, {"query.include_anonymous must be one of the following values: true, false"});
    ExpectSchemaError(server_->Get(std::string(kMetricsPath) + "?days=7", project.admin), "GET", kMetricsPath,
                      {"query contains unknown properties: days"});
    EXPECT_EQ(server_->Get(std::string(kMetricsPath) + "?include_anonymous=false", project.admin).status, 200);
}

// Days below are window indexes: 30 is today, 10 is twenty days ago.
TEST_F(InternalMetricsTest, AggregatesUsersActivityCountriesEmailsAndPageViews) {
    const auto project = NewProject();
    const int64_t real_now = server_->Get("/stackd-test/clock").Json()["now_ms"].get<int64_t>();
    const int64_t today = real_now / kDayMs;
    // Everything happens around noon UTC, so no step can cross a midnight.
    auto noon = [&](int index) { return (today - 30 + index) * kDayMs + 12 * kHourMs; };

    // A: password sign-up 20 days ago from the US, active the next two days, from Canada on
    // day 20, and today.
    SetNow(noon(10));
    const Tokens a = PasswordSignUp(project, UniqueEmail("metrics-a"), From("US", "NY"));
    SetNow(noon(11));
    RefreshSession(project, a);
    SetNow(noon(12));
    RefreshSession(project, a);
    SetNow(noon(20));
    RefreshSession(project, a, From("CA", "ON"));

    // R: restricted by an admin, never signed in.
    SetNow(noon(25));
    const auto r = CreateUser(*server_, {{"display_name", "R"}, {"restricted_by_admin", true}}, project.server);

    // B: created by the server with a verified email yesterday, with a session; N: anonymous,
    // from Antarctica. Two teams.
    SetNow(noon(29));
    const auto b = CreateUser(*server_, {{"primary_email", UniqueEmail("metrics-b")}, {"primary_email_verified", true}},
                              project.server);
    const Tokens b_session = CreateSession(*server_, b["id"], project.server);
    SetNow(noon(29) + 1000);
    const auto n_response =
        server_->Request("POST", "/api/v1/auth/anonymous/sign-up", With(project.client, From("AQ", "AN")));
    ASSERT_EQ(n_response.status, 200) << n_response.body;
    const Tokens n{n_response.Json()["access_token"], n_response.Json()["refresh_token"], n_response.Json()["user_id"]};
    for (const char* name : {"Red", "Blue"}) {
        ASSERT_EQ(server_->Post("/api/v1/teams", json{{"display_name", name}}.dump(), project.server).status, 201);
    }

    // Today, a second apart: A, B, C (new, from Switzerland), N.
    SetNow(noon(30));
    RefreshSession(project, a);
    SetNow(noon(30) + 1000);
    RefreshSession(project, b_session);
    SetNow(noon(30) + 2000);
    const Tokens c = PasswordSignUp(project, UniqueEmail("metrics-c"), From("CH", "ZH"));
    SetNow(noon(30) + 3000);
    RefreshSession(project, n);

    // Page views and clicks: A's two today (one referred) and one two days ago (direct), a
    // click; N's page view carries no flag, so it is anonymous through N's sessions.
    InsertEvent(project, "$page-view", a.user_id, noon(30) + 4000,
                {{"userId", a.user_id}, {"referrer", "https://ref.example/"}});
    InsertEvent(project, "$page-view", a.user_id, noon(30) + 5000,
                {{"userId", a.user_id}, {"referrer", "https://ref.example/"}});
    InsertEvent(project, "$page-view", a.user_id, noon(28), {{"userId", a.user_id}, {"referrer", ""}});
    InsertEvent(project, "$click", a.user_id, noon(30) + 6000, {{"userId", a.user_id}, {"tag_name", "a"}});
    InsertEvent(project, "$page-view", n.user_id, noon(30) + 7000,
                {{"userId", n.user_id}, {"referrer", "https://anon.example/"}});

    SetNow(noon(30) + 10000);
    const std::vector<std::string> active_order = {c.user_id, b["id"], a.user_id, r["id"]};
    const auto metrics = WaitForMetrics(project, "", [&](const json& body) {
        return body["auth_overview"]["mau"] == 3 && Ids(body["recently_active"]) == active_order &&
               body["email_overview"]["emails_sent"] == 2;
    });

    EXPECT_EQ(metrics["total_users"], 4);
    EXPECT_EQ(metrics["daily_users"], Series(today, {{10, 1}, {25, 1}, {29, 1}, {30, 1}}));
    EXPECT_EQ(metrics["daily_active_users"], Series(today, {{10, 1}, {11, 1}, {12, 1}, {20, 1}, {29, 1}, {30, 3}}));
    EXPECT_EQ(metrics["auth_overview"]["daily_active_users_split"],
              Split(today, {{10, 1}, {11, 1}, {12, 1}, {20, 1}, {29, 1}, {30, 3}}, {{10, 1}, {29, 1}, {30, 1}},
                    {{11, 1}, {12, 1}, {30, 1}}, {{20, 1}, {30, 1}}));
    EXPECT_EQ(metrics["auth_overview"]["daily_active_teams_split"], Split(today, {}, {}, {}, {}));
    EXPECT_EQ(metrics["users_by_country"], json({{"CA", 1}, {"CH", 1}}));
    EXPECT_EQ(metrics["login_methods"], json::array({{{"method", "password"}, {"count", 2}}}));
    EXPECT_EQ(metrics["auth_overview"]["verified_users"], 1);
    EXPECT_EQ(metrics["auth_overview"]["unverified_users"], 3);
    EXPECT_EQ(metrics["auth_overview"]["anonymous_users"], 1);
    EXPECT_EQ(metrics["auth_overview"]["total_teams"], 2);
    EXPECT_EQ(metrics["auth_overview"]["mau"], 3);
    EXPECT_EQ(metrics["auth_overview"]["total_users_filtered"], 4);

    // Recently registered: the users list's default view (no anonymous, no restricted users).
    EXPECT_EQ(Ids(metrics["recently_registered"]), (std::vector<std::string>{c.user_id, b["id"], a.user_id}));
    EXPECT_EQ(Ids(metrics["recently_active"]), active_order);
    for (const auto& user : metrics["recently_active"]) {
        const auto read = server_->Get("/api/v1/users/" + user["id"].get<std::string>(), project.admin);
        EXPECT_EQ(user, read.Json()) << "the admin user object";
    }

    // Verification emails of A and C, both delivered to the SMTP sink.
    const auto& emails = metrics["email_overview"];
    EXPECT_EQ(emails["emails_by_status"], json({{"ok", 2}}));
    EXPECT_EQ(emails["total_emails"], 2);
    EXPECT_EQ(emails["emails_sent"], 2);
    EXPECT_EQ(emails["daily_emails"], Series(today, {{10, 1}, {30, 1}}));
    EXPECT_EQ(emails["daily_emails_by_status"][10],
              json({{"date", DateOf(today - 20)}, {"ok", 1}, {"error", 0}, {"in_progress", 0}}));
    EXPECT_EQ(emails["daily_emails_by_status"][30],
              json({{"date", DateOf(today)}, {"ok", 1}, {"error", 0}, {"in_progress", 0}}));
    ASSERT_EQ(emails["recent_emails"].size(), 2u);
    EXPECT_EQ(emails["recent_emails"][0]["status"], "SENT");
    EXPECT_EQ(emails["recent_emails"][0]["subject"], "Verify your email at Test Project");
    EXPECT_EQ(emails["recent_emails"][0]["created_at_millis"].get<int64_t>() / 1000, (noon(30) + 2000) / 1000);
    EXPECT_EQ(emails["recent_emails"][1]["created_at_millis"].get<int64_t>() / 1000, noon(10) / 1000);
    EXPECT_EQ(emails["deliverability_status"],
              json({{"delivered", 0}, {"bounced", 0}, {"error", 0}, {"in_progress", 0}}));
    EXPECT_EQ(emails["deliverability_rate"], 0);

    const auto& analytics = metrics["analytics_overview"];
    EXPECT_EQ(analytics["daily_page_views"], Series(today, {{28, 1}, {30, 2}}));
    EXPECT_EQ(analytics["daily_clicks"], Series(today, {{30, 1}}));
    EXPECT_EQ(analytics["daily_visitors"], Series(today, {{28, 1}, {30, 1}}));
    EXPECT_EQ(analytics["visitors"], 1);
    EXPECT_EQ(analytics["top_referrers"], json::array({{{"referrer", "(direct)"}, {"visitors", 1}},
                                                       {{"referrer", "https://ref.example/"}, {"visitors", 1}}}));
    EXPECT_EQ(analytics["online_live"], 3);
    // A's refreshes without a country and B's sessions share the (null, null) region.
    EXPECT_EQ(analytics["top_region"], json({{"country_code", nullptr}, {"region_code", nullptr}, {"count", 2}}));

    // include_anonymous=true counts N everywhere and lists every user.
    const std::vector<std::string> all_active_order = {n.user_id, c.user_id, b["id"], a.user_id, r["id"]};
    const auto all = WaitForMetrics(project, "?include_anonymous=true",
                                    [&](const json& body) { return Ids(body["recently_active"]) == all_active_order; });
    EXPECT_EQ(all["total_users"], 5);
    EXPECT_EQ(all["daily_users"], Series(today, {{10, 1}, {25, 1}, {29, 2}, {30, 1}}));
    EXPECT_EQ(all["auth_overview"]["daily_active_users_split"],
              Split(today, {{10, 1}, {11, 1}, {12, 1}, {20, 1}, {29, 2}, {30, 4}}, {{10, 1}, {29, 2}, {30, 1}},
                    {{11, 1}, {12, 1}, {30, 2}}, {{20, 1}, {30, 1}}));
    EXPECT_EQ(all["users_by_country"], json({{"AQ", 1}, {"CA", 1}, {"CH", 1}}));
    EXPECT_EQ(all["auth_overview"]["mau"], 4);
    EXPECT_EQ(all["auth_overview"]["total_users_filtered"], 5);
    EXPECT_EQ(all["auth_overview"]["anonymous_users"], 1);
    EXPECT_EQ(all["auth_overview"]["verified_users"], 1);
    EXPECT_EQ(Ids(all["recently_registered"]),
              (std::vector<std::string>{c.user_id, n.user_id, b["id"], r["id"], a.user_id}));
    EXPECT_EQ(Ids(all["recently_active"]), all_active_order);
    EXPECT_EQ(all["analytics_overview"]["online_live"], 4);
    EXPECT_EQ(all["analytics_overview"]["daily_page_views"], Series(today, {{28, 1}, {30, 3}}));
    EXPECT_EQ(all["analytics_overview"]["visitors"], 2);
    EXPECT_EQ(all["analytics_overview"]["top_referrers"],
              json::array({{{"referrer", "(direct)"}, {"visitors", 1}},
                           {{"referrer", "https://anon.example/"}, {"visitors", 1}},
                           {{"referrer", "https://ref.example/"}, {"visitors", 1}}}));
    EXPECT_EQ(all["analytics_overview"]["top_region"],
              json({{"country_code", nullptr}, {"region_code", nullptr}, {"count", 3}}));
}

TEST_F(InternalMetricsTest, ActivityBeforeTheWindowCountsForFirstDaysButNotForRetention) {
    const auto project = NewProject();
    const int64_t today = server_->Get("/stackd-test/clock").Json()["now_ms"].get<int64_t>() / kDayMs;
    auto noon = [&](int index) { return (today - 30 + index) * kDayMs + 12 * kHourMs; };
    // Signed up 40 days ago, active the day before the window, its first two days and today.
    SetNow(noon(-10));
    const Tokens old_user = PasswordSignUp(project, UniqueEmail("metrics-old"));
    for (const int index : {-1, 0, 1, 30}) {
        SetNow(noon(index));
        RefreshSession(project, old_user);
    }
    const auto metrics =
        WaitForMetrics(project, "", [](const json& body) { return body["auth_overview"]["mau"] == 1; });
    EXPECT_EQ(metrics["daily_users"], Series(today)) << "signed up before the window";
    EXPECT_EQ(metrics["total_users"], 1);
    // Day 0 follows an active day outside the window: reactivated, as upstream's in-window lag.
    EXPECT_EQ(metrics["auth_overview"]["daily_active_users_split"],
              Split(today, {{0, 1}, {1, 1}, {30, 1}}, {}, {{1, 1}}, {{0, 1}, {30, 1}}));
    EXPECT_EQ(metrics["daily_active_users"], Series(today, {{0, 1}, {1, 1}, {30, 1}}));
}

}  // namespace
}  // namespace stackd::testing
