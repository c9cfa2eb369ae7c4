// /api/v1/internal/api-keys and /internal/api-keys/{api_key_id} (platform.md §1.8): keys in
// upstream's format shown once, listed by their last four characters, revoked at once.
#include <gtest/gtest.h>

#include <regex>

#include "integration/api/v1/internal/admin_test_helpers.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

class InternalApiKeysTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        server_ = new TestServer();
        owner_ = new DashboardUser(SignUpDashboardUser(*server_, "keys"));
    }
    static void TearDownTestSuite() {
        delete owner_;
        delete server_;
        server_ = nullptr;
        owner_ = nullptr;
    }
    static std::pair<std::string, Headers> NewProject() {
        const auto project = CreateProjectAs(*server_, *owner_);
        const std::string id = project["id"];
        return {id, AdminTokenHeaders(id, owner_->tokens.access_token)};
    }
    static json CreateKeys(const Headers& admin, bool client, bool server, bool super) {
        const auto response = SendJson(*server_, "POST", "/api/v1/internal/api-keys",
                                       {{"description", "a key set"},
                                        {"expires_at_millis", 4102444799000},
                                        {"has_publishable_client_key", client},
                                        {"has_secret_server_key", server},
                                        {"has_super_secret_admin_key", super}},
                                       admin);
        EXPECT_EQ(response.status, 200) << response.body;
        return response.Json();
    }
    static TestServer* server_;
    static DashboardUser* owner_;
};
TestServer* InternalApiKeysTest::server_ = nullptr;
DashboardUser* InternalApiKeysTest::owner_ = nullptr;

TEST_F(InternalApiKeysTest, CreatesKeysInUpstreamsFormatAndListsTheirLastFour) {
    const auto [project_id, admin] = NewProject();
    const auto created = CreateKeys(admin, true, true, true);
    const std::regex base32("^[0-9a-z]{45}$");
    const std::pair<std::string, std::string> formats[] = {
        {"publishable_client_key", "pck_"}, {"secret_server_key", "ssk_"}, {"super_secret_admin_key", "sak_"}};
    for (const auto& [field, prefix] : formats) {
        const std::string key = created[field];
        ASSERT_EQ(key.substr(0, 4), prefix);
        EXPECT_TRUE(std::regex_match(key.substr(4), base32)) << key;
    }
    EXPECT_EQ(created["description"], "a key set");
    EXPECT_EQ(created["expires_at_millis"], 4102444799000);
    EXPECT_FALSE(created.contains("manually_revoked_at_millis"));

    // Two sets made in the same millisecond would tie on created_at: move the clock on.
    SetClockOffset(*server_, 10);
    const auto only_client = CreateKeys(admin, true, false, false);
    SetClockOffset(*server_, 0);
    EXPECT_FALSE(only_client.contains("secret_server_key"));

    const auto list = server_->Get("/api/v1/internal/api-keys", admin);
    ASSERT_EQ(list.status, 200) << list.body;
    const auto items = list.Json()["items"];
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(list.Json()["is_paginated"], false);
    auto last_four = [](const json& key) { return key.get<std::string>().substr(key.get<std::string>().size() - 4); };
    // Newest first; the full keys never come back.
    EXPECT_EQ(items[1], json({{"id", created["id"]},
                              {"description", "a key set"},
                              {"expires_at_millis", 4102444799000},
                              {"created_at_millis", created["created_at_millis"]},
                              {"publishable_client_key", {{"last_four", last_four(created["publishable_client_key"])}}},
                              {"secret_server_key", {{"last_four", last_four(created["secret_server_key"])}}},
                              {"super_secret_admin_key", {{"last_four", last_four(created["super_secret_admin_key"])}}}}));
    EXPECT_EQ(items[0]["id"], only_client["id"]);
    EXPECT_FALSE(items[0].contains("secret_server_key"));
    const auto read = server_->Get("/api/v1/internal/api-keys/" + created["id"].get<std::string>(), admin);
    ASSERT_EQ(read.status, 200) << read.body;
    EXPECT_EQ(read.Json(), items[1]);

    // The super secret admin key administers the project like the admin access token.
    const Headers with_key = {{"x-stack-access-type", "admin"},
                              {"x-stack-project-id", project_id},
                              {"x-stack-super-secret-admin-key", created["super_secret_admin_key"]}};
    EXPECT_EQ(server_->Get("/api/v1/internal/api-keys", with_key).status, 200);
}

TEST_F(InternalApiKeysTest, ASetCreatedInTheSameMillisecondStillListsFirst) {
    const auto [project_id, admin] = NewProject();
    const auto first = CreateKeys(admin, true, false, false);
    // With the clock set back, the second set is created "before" the first: it is stamped just
    // after the newest one instead, so the listing stays newest first as with upstream's finer timestamps.
    SetClockOffset(*server_, -2000);
    const auto second = CreateKeys(admin, true, false, false);
    SetClockOffset(*server_, 0);
    EXPECT_EQ(second["created_at_millis"], first["created_at_millis"].get<int64_t>() + 1);

    const auto list = server_->Get("/api/v1/internal/api-keys", admin);
    ASSERT_EQ(list.status, 200) << list.body;
    const auto items = list.Json()["items"];
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[0]["id"], second["id"]);
    EXPECT_EQ(items[1]["id"], first["id"]);
}

TEST_F(InternalApiKeysTest, ARevokedKeyFailsAtOnce) {
    const auto [project_id, admin] = NewProject();
    const auto created = CreateKeys(admin, false, true, false);
    const Headers server_headers = {{"x-stack-access-type", "server"},
                                    {"x-stack-project-id", project_id},
                                    {"x-stack-secret-server-key", created["secret_server_key"]}};
    ASSERT_EQ(server_->Get("/api/v1/users", server_headers).status, 200);

    const std::string path = "/api/v1/internal/api-keys/" + created["id"].get<std::string>();
    const auto revoked = SendJson(*server_, "PATCH", path, {{"revoked", true}, {"description", "old"}}, admin);
    ASSERT_EQ(revoked.status, 200) << revoked.body;
    EXPECT_EQ(revoked.Json()["description"], "old");
    EXPECT_TRUE(revoked.Json()["manually_revoked_at_millis"].is_number());
    ExpectKnownError(server_->Get("/api/v1/users", server_headers), 401, "INVALID_SECRET_SERVER_KEY");
}

TEST_F(InternalApiKeysTest, ErrorsFollowUpstream) {
    const auto [project_id, admin] = NewProject();
    ExpectKnownError(server_->Get("/api/v1/internal/api-keys/0f0e8c55-8a3c-4c55-9a0b-4c7f7d2b1a00", admin), 404,
                     "API_KEY_NOT_FOUND");
    ExpectSchemaError(server_->Get("/api/v1/internal/api-keys/nope", admin), "GET", "/api/v1/internal/api-keys/nope",
                      {"params.api_key_id must be a valid UUID"});
    const auto created = CreateKeys(admin, true, false, false);
    const std::string path = "/api/v1/internal/api-keys/" + created["id"].get<std::string>();
    ExpectSchemaError(SendJson(*server_, "PATCH", path, {{"revoked", false}}, admin), "PATCH", path,
                      {"body.revoked must be one of the following values: true"});
    ExpectSchemaError(SendJson(*server_, "POST", "/api/v1/internal/api-keys", {{"description", "x"}}, admin), "POST",
                      "/api/v1/internal/api-keys",
                      {"body.expires_at_millis must be defined", "body.has_publishable_client_key must be defined",
                       "body.has_secret_server_key must be defined", "body.has_super_secret_admin_key must be defined"});
    for (const auto& headers : {TestServer::ClientHeaders(), TestServer::ServerHeaders()}) {
        ExpectKnownError(server_->Get("/api/v1/internal/api-keys", headers), 401, "INSUFFICIENT_ACCESS_TYPE");
    }
    // Another project's key set is not found from this one.
    const auto [other_id, other_admin] = NewProject();
    ExpectKnownError(server_->Get(path, other_admin), 404, "API_KEY_NOT_FOUND");
}

}  // namespace
}  // namespace stackd::testing
