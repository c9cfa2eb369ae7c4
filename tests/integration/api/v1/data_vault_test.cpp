// POST /data-vault/stores/{id}/set and /get (resources.md §19): values round-trip exactly,
// stores and projects are isolated, and errors are upstream's.
#include <gtest/gtest.h>

#include "integration/api/v1/internal/admin_test_helpers.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

class DataVaultTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        server_ = new TestServer();
        owner_ = new DashboardUser(SignUpDashboardUser(*server_, "vault"));
        project_ = new ManagedProject(CreateManagedProject(*server_, *owner_));
        const json stores = {{"dataVault.stores.primary", {{"displayName", "Primary"}}},
                             {"dataVault.stores.second_store", {{"displayName", "Second"}}}};
        const auto patch = SendJson(*server_, "PATCH", "/api/v1/internal/config/override/branch",
                                    {{"config_override_string", stores.dump()}}, project_->admin);
        ASSERT_EQ(patch.status, 200) << patch.body;
    }
    static void TearDownTestSuite() {
        delete project_;
        delete owner_;
        delete server_;
    }
    static HttpResponse Set(const std::string& store, const json& body, const Headers& headers) {
        return SendJson(*server_, "POST", "/api/v1/data-vault/stores/" + store + "/set", body, headers);
    }
    static HttpResponse Get(const std::string& store, const std::string& hashed_key, const Headers& headers) {
        return SendJson(*server_, "POST", "/api/v1/data-vault/stores/" + store + "/get", {{"hashed_key", hashed_key}},
                        headers);
    }
    static TestServer* server_;
    static DashboardUser* owner_;
    static ManagedProject* project_;
};
TestServer* DataVaultTest::server_ = nullptr;
DashboardUser* DataVaultTest::owner_ = nullptr;
ManagedProject* DataVaultTest::project_ = nullptr;

TEST_F(DataVaultTest, StoresAndReturnsTheExactValue) {
    const std::string value = "client-side ciphertext: \xE2\x82\xAC \"quoted\" \n and more";
    const auto set = Set("primary", {{"hashed_key", "h1"}, {"encrypted_value", value}}, project_->server);
    ASSERT_EQ(set.status, 200) << set.body;
    EXPECT_EQ(set.Json(), json({{"success", true}}));
    const auto got = Get("primary", "h1", project_->server);
    ASSERT_EQ(got.status, 200) << got.body;
    EXPECT_EQ(got.Json(), json({{"encrypted_value", value}}));

    // Overwrite; the empty string is a value; admin may use it too.
    ASSERT_EQ(Set("primary", {{"hashed_key", "h1"}, {"encrypted_value", ""}}, project_->admin).status, 200);
    EXPECT_EQ(Get("primary", "h1", project_->admin).Json(), json({{"encrypted_value", ""}}));
}

TEST_F(DataVaultTest, StoresAndProjectsAreIsolated) {
    ASSERT_EQ(Set("second_store", {{"hashed_key", "shared"}, {"encrypted_value", "in second"}}, project_->server).status,
              200);
    const auto other_store = ExpectKnownError(Get("primary", "shared", project_->server), 400,
                                              "DATA_VAULT_STORE_HASHED_KEY_DOES_NOT_EXIST");
    EXPECT_EQ(other_store["details"], json({{"store_id", "primary"}, {"hashed_key", "shared"}}));
    EXPECT_EQ(other_store["error"], "Data vault store with ID primary does not contain a key with hash shared.");

    const auto other = CreateManagedProject(*server_, *owner_);
    const auto missing = ExpectKnownError(Get("second_store", "shared", other.server), 400,
                                          "DATA_VAULT_STORE_DOES_NOT_EXIST");
    EXPECT_EQ(missing["details"], json({{"store_id", "second_store"}}));
    EXPECT_EQ(missing["error"], "Data vault store with ID second_store does not exist.");
    ExpectKnownError(Set("nope", {{"hashed_key", "k"}, {"encrypted_value", "v"}}, project_->server), 400,
                     "DATA_VAULT_STORE_DOES_NOT_EXIST");
    // The id is taken verbatim once URL-decoded: no trimming.
    const auto blank = ExpectKnownError(Set("%20%20", {{"hashed_key", "k"}, {"encrypted_value", "v"}}, project_->server),
                                        400, "DATA_VAULT_STORE_DOES_NOT_EXIST");
    EXPECT_EQ(blank["details"], json({{"store_id", "  "}}));
}

TEST_F(DataVaultTest, ValidatesBeforeLookingAtTheStore) {
    const std::string path = "/api/v1/data-vault/stores/nope/set";
    ExpectSchemaError(Set("nope", {{"hashed_key", ""}, {"encrypted_value", "v"}}, project_->server), "POST", path,
                      {"body.hashed_key must not be empty"});
    ExpectSchemaError(Set("nope", {{"hashed_key", "k"}}, project_->server), "POST", path,
                      {"body.encrypted_value must be defined"});
    ExpectSchemaError(Get("primary", "", project_->server), "POST", "/api/v1/data-vault/stores/primary/get",
                      {"body.hashed_key must not be empty"});
    const auto client = ExpectKnownError(Get("primary", "h1", project_->client()), 401, "INSUFFICIENT_ACCESS_TYPE");
    EXPECT_EQ(client["details"]["allowed_access_types"], json({"server", "admin"}));
}

}  // namespace
}  // namespace stackd::testing
