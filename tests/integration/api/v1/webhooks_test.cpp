// /webhooks/svix-token and /internal/send-test-webhook (platform.md §3.3), against a real HTTP
// server that answers as Svix's API does and records what stackd asked it.
#include <gtest/gtest.h>

#include "integration/api/v1/team_test_helpers.hpp"
#include "support/http_receiver.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

constexpr const char* kSvixKey = "testsk_stackd-portal-tests";

HttpReceiver::Reply SvixPortalAnswers(const HttpReceiver::Request& request) {
    const std::string& target = request.target;
    if (request.method == "POST" && target == "/api/v1/app?get_if_exists=true") {
        return {200, R"({"id":"app_1","uid":"internal","name":"internal"})"};
    }
    if (request.method == "POST" && target == "/api/v1/auth/app-portal-access/internal") {
        return {200, R"({"url":"https://app.svix.com/login#key=abc","token":"appsk_portal"})"};
    }
    if (request.method == "GET" &&
        (target == "/api/v1/app/internal/endpoint/ep_ok" || target == "/api/v1/app/internal/endpoint/ep_quiet")) {
        return {200, json{{"id", target.substr(target.rfind('/') + 1)}, {"url", "https://example.com/hook"}}.dump()};
    }
    if (request.method == "POST" && target == "/api/v1/app/internal/msg") {
        return {202, R"({"id":"msg_test","eventType":"stack.test"})"};
    }
    if (request.method == "GET" && target == "/api/v1/app/internal/attempt/msg/msg_test?status=0") {
        return {200, R"({"data":[{"id":"atmpt_1","endpointId":"ep_ok","status":0}],"done":true})"};
    }
    return {404, R"({"code":"not_found","detail":"Entity not found"})"};
}

class WebhookRoutesTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        receiver_ = new HttpReceiver();
        receiver_->SetResponder(&SvixPortalAnswers);
        server_ = new TestServer(TestServer::Options{
            .env = {{"STACK_SVIX_API_KEY", kSvixKey}, {"STACK_SVIX_SERVER_URL", receiver_->base_url()}}});
    }
    static void TearDownTestSuite() {
        delete server_;
        delete receiver_;
        server_ = nullptr;
        receiver_ = nullptr;
    }
    static HttpResponse SendTest(const std::string& body) {
        return server_->Post("/api/v1/internal/send-test-webhook", body, TestServer::AdminHeaders());
    }
    static HttpReceiver* receiver_;
    static TestServer* server_;
};
HttpReceiver* WebhookRoutesTest::receiver_ = nullptr;
TestServer* WebhookRoutesTest::server_ = nullptr;

TEST_F(WebhookRoutesTest, SvixTokenIsTheAppPortalTokenOfTheProjectsApplication) {
    const auto response = server_->Post("/api/v1/webhooks/svix-token", "{}", TestServer::AdminHeaders());
    ASSERT_EQ(response.status, 201) << response.body;
    // A self-hosted Svix has no embedded portal: no url.
    EXPECT_EQ(response.Json(), json({{"token", "appsk_portal"}}));
    const auto requests = receiver_->Requests();
    ASSERT_GE(requests.size(), 2u);
    const auto& app = requests[requests.size() - 2];
    EXPECT_EQ(app.target, "/api/v1/app?get_if_exists=true");
    EXPECT_EQ(json::parse(app.body), json({{"uid", "internal"}, {"name", "internal"}}));
    EXPECT_EQ(requests.back().target, "/api/v1/auth/app-portal-access/internal");
    EXPECT_EQ(requests.back().headers.at("authorization"), std::string("Bearer ") + kSvixKey);

    ExpectKnownError(server_->Post("/api/v1/webhooks/svix-token", "{}", TestServer::ServerHeaders()), 401,
                     "INSUFFICIENT_ACCESS_TYPE");
    ExpectSchemaError(server_->Post("/api/v1/webhooks/svix-token", "[]", TestServer::AdminHeaders()), "POST",
                      "/api/v1/webhooks/svix-token", {"body must be a `object` type, but the final value was: `[]`."});
}

TEST_F(WebhookRoutesTest, SendTestWebhookReportsADeliveredTestEvent) {
    const auto response = SendTest(json{{"endpoint_id", "ep_ok"}}.dump());
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.Json(), json({{"success", true}}));
    std::optional<HttpReceiver::Request> message;
    for (const auto& request : receiver_->Requests()) {
        if (request.target == "/api/v1/app/internal/msg") {
            message = request;
        }
    }
    ASSERT_TRUE(message.has_value());
    EXPECT_EQ(json::parse(message->body),
              json({{"eventType", "stack.test"},
                    {"payload",
                     {{"type", "stack.test"},
                      {"data",
                       {{"message", "Stack webhook test event triggered from the Stack dashboard."},
                        {"endpointUrl", "https://example.com/hook"}}}}}}));
}

TEST_F(WebhookRoutesTest, SendTestWebhookFailuresAreAnswersNotErrors) {
    const auto missing = SendTest(json{{"endpoint_id", "ep_gone"}}.dump());
    ASSERT_EQ(missing.status, 200) << missing.body;
    EXPECT_EQ(missing.Json(),
              json({{"success", false}, {"error_message", "Endpoint not found. Make sure it still exists."}}));
    // The endpoint exists but Svix records no successful attempt on it (3 checks).
    const auto quiet = SendTest(json{{"endpoint_id", "ep_quiet"}}.dump());
    ASSERT_EQ(quiet.status, 200) << quiet.body;
    EXPECT_EQ(quiet.Json(),
              json({{"success", false},
                    {"error_message", "Webhook not delivered. Make sure the endpoint is configured correctly."}}));

    ExpectSchemaError(SendTest("{}"), "POST", "/api/v1/internal/send-test-webhook",
                      {"body.endpoint_id must be defined"});
    ExpectKnownError(server_->Post("/api/v1/internal/send-test-webhook", json{{"endpoint_id", "ep_ok"}}.dump(),
                                   TestServer::ServerHeaders()),
                     401, "INSUFFICIENT_ACCESS_TYPE");
}

TEST(WebhookRoutesWithoutSvixTest, AnswerThatWebhooksAreNotConfigured) {
    TestServer server;
    ExpectTextError(server.Post("/api/v1/webhooks/svix-token", "{}", TestServer::AdminHeaders()), 503,
                    "Webhooks are not configured on this server (STACK_SVIX_API_KEY is not set).");
    ExpectTextError(server.Post("/api/v1/internal/send-test-webhook", json{{"endpoint_id", "ep_ok"}}.dump(),
                                TestServer::AdminHeaders()),
                    503, "Webhooks are not configured on this server (STACK_SVIX_API_KEY is not set).");
}

}  // namespace
}  // namespace stackd::testing
