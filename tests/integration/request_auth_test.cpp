// The x-stack-* header checks, in upstream's order, with upstream's errors.
#include <gtest/gtest.h>

#include "support/test_server.hpp"

namespace stackd::testing {
namespace {

class RequestAuthTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server_ = new TestServer(); }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }

    static HttpResponse ExpectKnownError(const Headers& headers, int status, const std::string& code) {
        const auto response = server_->Get("/api/v1/projects/current", headers);
        EXPECT_EQ(response.status, status) << response.body;
        EXPECT_EQ(response.Header("x-stack-known-error"), code);
        EXPECT_EQ(response.Header("content-type"), "application/json; charset=utf-8");
        if (response.Header("content-type").find("json") != std::string::npos) {
            EXPECT_EQ(response.Json()["code"], code);
        }
        return response;
    }

    static TestServer* server_;
};
TestServer* RequestAuthTest::server_ = nullptr;

TEST_F(RequestAuthTest, KeyWithoutAccessType) {
    ExpectKnownError({{"x-stack-project-id", "internal"}, {"x-stack-secret-server-key", kDevServerKey}}, 400,
                     "PROJECT_KEY_WITHOUT_ACCESS_TYPE");
}

TEST_F(RequestAuthTest, RouteThatNeedsAnAccessType) {
    const auto response = ExpectKnownError({}, 400, "ACCESS_TYPE_REQUIRED");
    EXPECT_FALSE(response.Json().contains("details"));
}

TEST_F(RequestAuthTest, InvalidAccessType) {
    const auto response =
        ExpectKnownError({{"x-stack-access-type", "root"}, {"x-stack-project-id", "internal"}}, 400,
                         "INVALID_ACCESS_TYPE");
    EXPECT_EQ(response.Json()["error"],
              "The x-stack-access-type header must be 'client', 'server', or 'admin', but was 'root'.");
}

TEST_F(RequestAuthTest, AccessTypeWithoutProjectId) {
    const auto response = ExpectKnownError({{"x-stack-access-type", "client"}}, 400, "ACCESS_TYPE_WITHOUT_PROJECT_ID");
    EXPECT_EQ(response.Json()["details"], nlohmann::json({{"request_type", "client"}}));
}

TEST_F(RequestAuthTest, UnknownProject) {
    auto headers = TestServer::ClientHeaders("00000000-0000-4000-8000-000000000000");
    const auto response = ExpectKnownError(headers, 400, "CURRENT_PROJECT_NOT_FOUND");
    EXPECT_EQ(response.Json()["details"]["project_id"], "00000000-0000-4000-8000-000000000000");
}

TEST_F(RequestAuthTest, WrongKeysForEachAccessType) {
    auto client = TestServer::ClientHeaders();
    client[2].second = "pck_wrong";
    auto response = ExpectKnownError(client, 401, "INVALID_PUBLISHABLE_CLIENT_KEY");
    EXPECT_EQ(response.Json()["details"], nlohmann::json({{"project_id", "internal"}}));
    EXPECT_EQ(response.Json()["error"],
              "The publishable key is not valid for the project \"internal\". Does the project and/or the key exist?");

    auto server = TestServer::ServerHeaders();
    server[2].second = "ssk_wrong";
    ExpectKnownError(server, 401, "INVALID_SECRET_SERVER_KEY");

    auto admin = TestServer::AdminHeaders();
    admin[2].second = "sak_wrong";
    ExpectKnownError(admin, 401, "INVALID_SUPER_SECRET_ADMIN_KEY");
}

TEST_F(RequestAuthTest, MissingKeys) {
    ExpectKnownError({{"x-stack-access-type", "server"}, {"x-stack-project-id", "internal"}}, 401,
                     "SERVER_AUTHENTICATION_REQUIRED");
    ExpectKnownError({{"x-stack-access-type", "admin"}, {"x-stack-project-id", "internal"}}, 401,
                     "ADMIN_AUTHENTICATION_REQUIRED");
    // An empty header counts as absent.
    ExpectKnownError({{"x-stack-access-type", "server"}, {"x-stack-project-id", "internal"},
                      {"x-stack-secret-server-key", ""}},
                     401, "SERVER_AUTHENTICATION_REQUIRED");
}

TEST_F(RequestAuthTest, KeysOfAnotherTypeAreIgnored) {
    // A server key on an admin request does nothing: the admin key is still missing.
    ExpectKnownError({{"x-stack-access-type", "admin"}, {"x-stack-project-id", "internal"},
                      {"x-stack-secret-server-key", kDevServerKey}},
                     401, "ADMIN_AUTHENTICATION_REQUIRED");
}

TEST_F(RequestAuthTest, ClientWithoutKeyIsAcceptedWhenTheProjectDoesNotRequireOne) {
    const auto response =
        server_->Get("/api/v1/projects/current", {{"x-stack-access-type", "client"}, {"x-stack-project-id", "internal"}});
    EXPECT_EQ(response.status, 200);
    const auto sentinel = server_->Get("/api/v1/projects/current",
                                       {{"x-stack-access-type", "client"},
                                        {"x-stack-project-id", "internal"},
                                        {"x-stack-publishable-client-key", "__stack_public_client__"}});
    EXPECT_EQ(sentinel.status, 200);
}

TEST_F(RequestAuthTest, UnknownBranchIsCheckedAfterTheKeys) {
    auto headers = TestServer::ServerHeaders();
    headers.emplace_back("x-stack-branch-id", "feature");
    auto response = ExpectKnownError(headers, 400, "BRANCH_DOES_NOT_EXIST");
    EXPECT_EQ(response.Json()["details"], nlohmann::json({{"branch_id", "feature"}}));
    EXPECT_EQ(response.Json()["error"], "The branch with ID feature does not exist.");

    auto wrong_key = TestServer::ServerHeaders();
    wrong_key[2].second = "wrong";
    wrong_key.emplace_back("x-stack-branch-id", "feature");
    ExpectKnownError(wrong_key, 401, "INVALID_SECRET_SERVER_KEY");
}

TEST_F(RequestAuthTest, UnverifiableAccessTokenIsUnparsable) {
    auto headers = TestServer::ClientHeaders();
    headers.emplace_back("x-stack-access-token", "not.a.jwt");
    ExpectKnownError(headers, 401, "UNPARSABLE_ACCESS_TOKEN");
}

TEST_F(RequestAuthTest, DevelopmentOverrideKey) {
    auto headers = Headers{{"x-stack-access-type", "admin"},
                           {"x-stack-project-id", "internal"},
                           {"x-stack-development-override-key", kDevAdminKey}};
    EXPECT_EQ(server_->Get("/api/v1/projects/current", headers).status, 200);
    headers[2].second = "wrong";
    const auto response = server_->Get("/api/v1/projects/current", headers);
    EXPECT_EQ(response.status, 401);
    EXPECT_EQ(response.body, "Invalid development key override");
}

TEST(RequestAuthProductionTest, DevelopmentOverrideKeyIsRefusedOutsideDevelopment) {
    TestServer::Options options;
    options.env = {{"NODE_ENV", "production"}};
    TestServer server(options);
    const auto response = server.Get("/api/v1/projects/current", {{"x-stack-access-type", "admin"},
                                                                  {"x-stack-project-id", "internal"},
                                                                  {"x-stack-development-override-key", kDevAdminKey}});
    EXPECT_EQ(response.status, 401);
    EXPECT_EQ(response.body, "Development key override is only allowed in development or test environments");
}

}  // namespace
}  // namespace stackd::testing
