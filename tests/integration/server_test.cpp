// Behaviour of the HTTP layer every route shares: routing errors, CORS, headers, body
// limits, body parsing, health, the test clock, shutdown and restart.
#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "support/test_server.hpp"

namespace stackd::testing {
namespace {

class ServerTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server_ = new TestServer(); }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }
    static TestServer* server_;
};
TestServer* ServerTest::server_ = nullptr;

TEST_F(ServerTest, UnknownApiPathGetsUpstreamsNotFoundText) {
    const auto response = server_->Get("/api/v1/does-not-exist?x=1");
    EXPECT_EQ(response.status, 404);
    EXPECT_EQ(response.Header("content-type"), "text/plain; charset=utf-8");
    EXPECT_EQ(response.body,
              "404 — this page does not exist in Stack Auth's API.\n\nPlease see the API documentation at "
              "https://docs.stack-auth.com, or visit the Stack Auth dashboard at https://app.stack-auth.com.\n\n"
              "URL: http://127.0.0.1:" +
                  std::to_string(server_->port()) + "/api/v1/does-not-exist?x=1");
    EXPECT_EQ(response.Header("access-control-allow-origin"), "*");
    EXPECT_EQ(response.Header("x-stack-request-id").size(), 16u);
}

TEST_F(ServerTest, KnownPathWithWrongMethodIs405WithEmptyBody) {
    const auto response = server_->Request("DELETE", "/api/v1/projects/current", TestServer::ClientHeaders());
    EXPECT_EQ(response.status, 405);
    EXPECT_EQ(response.body, "");
}

TEST_F(ServerTest, MethodsOutsideTheRequestLayerGetPlainText405) {
    const auto response = server_->Request("TRACE", "/api/v1/projects/current");
    EXPECT_EQ(response.status, 405);
    EXPECT_EQ(response.body, "Method not allowed");
}

TEST_F(ServerTest, PreflightAnswersWithCorsHeadersWithoutRunningAHandler) {
    const auto response = server_->Request("OPTIONS", "/api/v1/anything/at/all",
                                           {{"origin", "https://example.com"},
                                            {"access-control-request-method", "POST"}});
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, "");
    EXPECT_EQ(response.Header("access-control-allow-methods"), "GET, POST, PUT, PATCH, DELETE, OPTIONS");
    EXPECT_EQ(response.Header("access-control-max-age"), "86400");
    EXPECT_EQ(response.Header("access-control-expose-headers"),
              "content-type, x-stack-actual-status, x-stack-known-error");
    const std::string allowed = response.Header("access-control-allow-headers");
    EXPECT_EQ(allowed.rfind("content-type, authorization, x-stack-project-id, x-stack-branch-id, ", 0), 0u);
    EXPECT_NE(allowed.find("x-stack-allow-anonymous-user, baggage, sentry-trace"), std::string::npos);
    EXPECT_EQ(response.Header("vary"), allowed);
}

TEST_F(ServerTest, ResponsesCarryOnlyUpstreamsHeaders) {
    const auto response = server_->Get("/api/v1");
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.Header("cache-control"), "no-store, max-age=0");
    const std::set<std::string> allowed = {"content-type", "content-length", "transfer-encoding", "date",
                                           "connection", "keep-alive", "cache-control", "vary",
                                           "access-control-allow-origin", "access-control-allow-methods",
                                           "access-control-max-age", "access-control-allow-headers",
                                           "access-control-expose-headers", "x-stack-request-id",
                                           "x-stack-known-error", "x-stack-actual-status", "location"};
    for (const auto& [name, value] : response.headers) {
        EXPECT_TRUE(allowed.count(name)) << "unexpected header " << name;
    }
    EXPECT_FALSE(response.HasHeader("server"));
}

TEST_F(ServerTest, RequestIdsDifferPerRequest) {
    EXPECT_NE(server_->Get("/api/v1").Header("x-stack-request-id"),
              server_->Get("/api/v1").Header("x-stack-request-id"));
}

TEST_F(ServerTest, OverrideErrorStatusTurns4xxInto200WithTheActualStatus) {
    auto headers = TestServer::ServerHeaders();
    headers[2].second = "wrong";
    headers.emplace_back("x-stack-override-error-status", "true");
    const auto response = server_->Get("/api/v1/projects/current", headers);
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.Header("x-stack-actual-status"), "401");
    EXPECT_EQ(response.Header("x-stack-known-error"), "INVALID_SECRET_SERVER_KEY");
    EXPECT_EQ(response.Json()["code"], "INVALID_SECRET_SERVER_KEY");
}

TEST_F(ServerTest, MalformedJsonIsABodyParsingError) {
    const auto response = server_->Post("/stackd-test/clock", "{not json");
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(response.Header("x-stack-known-error"), "BODY_PARSING_ERROR");
    EXPECT_EQ(response.Json()["error"], "Invalid JSON in request body");
    EXPECT_FALSE(response.Json().contains("details"));
}

TEST_F(ServerTest, UnknownContentTypeIsABodyParsingError) {
    const auto response =
        server_->Request("POST", "/stackd-test/clock", {{"content-type", "application/xml; charset=utf-8"}}, "<a/>");
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(response.Json()["error"], "Unknown content type in request body: application/xml");
}

TEST_F(ServerTest, OversizedBodiesAreRefusedWith413) {
    const std::string body(9 * 1024 * 1024, 'a');
    const auto response = server_->Request("POST", "/api/v1", {{"content-type", "text/plain"}}, body);
    EXPECT_EQ(response.status, 413);
    // The server is still healthy afterwards.
    EXPECT_EQ(server_->Get("/api/v1").status, 200);
}

TEST_F(ServerTest, HealthAnswersOkWithAndWithoutTheDatabaseCheck) {
    for (const char* path : {"/health", "/health?db=1"}) {
        const auto response = server_->Get(path);
        EXPECT_EQ(response.status, 200) << path;
        EXPECT_EQ(response.Json(), nlohmann::json({{"status", "ok"}})) << path;
        EXPECT_EQ(response.Header("access-control-allow-origin"), "*");
        EXPECT_EQ(response.Header("access-control-allow-headers"), "*");
    }
}

TEST_F(ServerTest, TestModeMovesTheServerClock) {
    const auto before = server_->Get("/stackd-test/clock").Json();
    const auto moved = server_->Post("/stackd-test/clock", R"({"offset_ms": 3600000})").Json();
    EXPECT_EQ(moved["offset_ms"], 3600000);
    EXPECT_GE(moved["now_ms"].get<int64_t>(), before["now_ms"].get<int64_t>() + 3600000);
    server_->Post("/stackd-test/clock", R"({"offset_ms": 0})");
}

TEST(ServerWithoutTestModeTest, RefusesToMoveTheClock) {
    TestServer::Options options;
    options.test_mode = false;
    TestServer server(options);
    EXPECT_EQ(server.Post("/stackd-test/clock", R"({"offset_ms": 3600000})").status, 404);
    EXPECT_EQ(server.Get("/stackd-test/clock").status, 404);
}

TEST(ServerLifecycleTest, SigtermShutsDownCleanly) {
    TestServer server;
    ASSERT_EQ(server.Get("/api/v1").status, 200);
    EXPECT_EQ(server.Stop(), 0);
}

TEST(ServerLifecycleTest, GeneratedKeysSurviveARestart) {
    char pattern[] = "/tmp/stackd-restart-XXXXXX";
    const std::string data_dir = mkdtemp(pattern);
    TestServer::Options options;
    options.data_dir = data_dir;
    // No keys in the environment: stackd generates them into a private file.
    options.env = {{"STACK_SEED_INTERNAL_PROJECT_SECRET_SERVER_KEY", ""},
                   {"STACK_SEED_INTERNAL_PROJECT_PUBLISHABLE_CLIENT_KEY", ""},
                   {"STACK_SEED_INTERNAL_PROJECT_SUPER_SECRET_ADMIN_KEY", ""}};
    std::string server_key;
    {
        TestServer server(options);
        std::ifstream in(data_dir + "/internal-project-keys.json");
        ASSERT_TRUE(in.good());
        const auto keys = nlohmann::json::parse(in);
        server_key = keys["secret_server_key"];
        EXPECT_EQ(server_key.rfind("ssk_", 0), 0u);
        std::ifstream log(data_dir + "/stackd.log");
        const std::string log_text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
        EXPECT_EQ(log_text.find(server_key), std::string::npos) << "keys never reach the log";
        EXPECT_EQ(server.Stop(), 0);
    }
    TestServer restarted(options);
    const auto response = restarted.Get(
        "/api/v1", {{"x-stack-access-type", "server"}, {"x-stack-project-id", "internal"},
                    {"x-stack-secret-server-key", server_key}});
    EXPECT_EQ(response.status, 200);
    EXPECT_NE(response.body.find("Authentication: Server"), std::string::npos);
    std::filesystem::remove_all(data_dir);
}

TEST(ServerLifecycleTest, ASecondServerOnTheSameSqliteDataDirectoryIsRefused) {
    char pattern[] = "/tmp/stackd-twice-XXXXXX";
    const std::string data_dir = mkdtemp(pattern);
    TestServer::Options options;
    options.data_dir = data_dir;
    TestServer first(options);
    if (!first.database_url().empty()) {
        std::filesystem::remove_all(data_dir);
        GTEST_SKIP() << "PostgreSQL nodes share their database by design";
    }
    // Its in-memory caches assume it is the database's only writer.
    EXPECT_THROW(TestServer second(options), std::runtime_error);
    std::ifstream log(data_dir + "/stackd.log");
    const std::string log_text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
    EXPECT_NE(log_text.find("is in use by another stackd process"), std::string::npos);
    // The first server is unaffected.
    EXPECT_EQ(first.Get("/health").status, 200);
    EXPECT_EQ(first.Stop(), 0);
    std::filesystem::remove_all(data_dir);
}

}  // namespace
}  // namespace stackd::testing
