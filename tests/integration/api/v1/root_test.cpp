#include <gtest/gtest.h>

#include "support/test_server.hpp"

namespace stackd::testing {
namespace {

class RootTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server_ = new TestServer(); }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }
    static TestServer* server_;
};
TestServer* RootTest::server_ = nullptr;

constexpr const char* kGreeting =
    "Welcome to the Stack API endpoint! Please refer to the documentation at https://docs.stack-auth.com.\n\n";

TEST_F(RootTest, GreetsAnonymousCallers) {
    const auto response = server_->Get("/api/v1");
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.Header("content-type"), "text/plain; charset=utf-8");
    EXPECT_EQ(response.body, std::string(kGreeting) + "Authentication: None");
}

TEST_F(RootTest, SummarisesEachAccessTypeWithUpstreamsDevKeys) {
    EXPECT_EQ(server_->Get("/api/v1", TestServer::ClientHeaders()).body,
              std::string(kGreeting) + "Authentication: Client\n  Project: internal\n  User: None");
    EXPECT_EQ(server_->Get("/api/v1", TestServer::ServerHeaders()).body,
              std::string(kGreeting) + "Authentication: Server\n  Project: internal\n  User: None");
    EXPECT_EQ(server_->Get("/api/latest", TestServer::AdminHeaders()).body,
              std::string(kGreeting) + "Authentication: Admin\n  Project: internal\n  User: None");
}

TEST_F(RootTest, RejectsQueryParameters) {
    const auto response = server_->Get("/api/v1?foo=bar");
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(response.Header("x-stack-known-error"), "SCHEMA_ERROR");
    EXPECT_EQ(response.Json()["error"],
              "Request validation failed on GET /api/v1:\n  - query contains unknown properties: foo");
}

TEST_F(RootTest, BadCredentialsFailEvenHere) {
    auto headers = TestServer::AdminHeaders();
    headers[2].second = "wrong";
    const auto response = server_->Get("/api/v1", headers);
    EXPECT_EQ(response.status, 401);
    EXPECT_EQ(response.Header("x-stack-known-error"), "INVALID_SUPER_SECRET_ADMIN_KEY");
}

}  // namespace
}  // namespace stackd::testing
