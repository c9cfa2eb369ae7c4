// Every admin-only endpoint refuses client and server callers with upstream's
// INSUFFICIENT_ACCESS_TYPE (401, allowed ["admin"]) before it reads the body; the override
// routes that servers may use for the branch level answer 403 text for the other levels.
#include <gtest/gtest.h>

#include "integration/api/v1/internal/admin_test_helpers.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

struct Endpoint {
    std::string method;
    std::string path;
};

const std::vector<Endpoint> kAdminOnly = {
    {"GET", "/api/v1/internal/api-keys"},
    {"POST", "/api/v1/internal/api-keys"},
    {"GET", "/api/v1/internal/api-keys/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"},
    {"PATCH", "/api/v1/internal/api-keys/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"},
    {"GET", "/api/v1/internal/projects/current"},
    {"PATCH", "/api/v1/internal/projects/current"},
    {"DELETE", "/api/v1/internal/projects/current"},
    {"GET", "/api/v1/internal/config"},
    {"POST", "/api/v1/internal/config/override/branch/reset-keys"},
    {"POST", "/api/v1/internal/config/override/environment/reset-keys"},
    {"GET", "/api/v1/internal/config/source"},
    {"DELETE", "/api/v1/internal/config/source"},
};

class AdminAccessTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        server_ = new TestServer();
        owner_ = new DashboardUser(SignUpDashboardUser(*server_, "access"));
        project_ = new ManagedProject(CreateManagedProject(*server_, *owner_));
    }
    static void TearDownTestSuite() {
        delete project_;
        delete owner_;
        delete server_;
    }
    static TestServer* server_;
    static DashboardUser* owner_;
    static ManagedProject* project_;
};
TestServer* AdminAccessTest::server_ = nullptr;
DashboardUser* AdminAccessTest::owner_ = nullptr;
ManagedProject* AdminAccessTest::project_ = nullptr;

TEST_F(AdminAccessTest, AdminOnlyEndpointsRefuseClientAndServer) {
    const std::pair<std::string, Headers> callers[] = {{"client", project_->client()}, {"server", project_->server}};
    for (const auto& endpoint : kAdminOnly) {
        for (const auto& [type, headers] : callers) {
            SCOPED_TRACE(endpoint.method + " " + endpoint.path + " as " + type);
            const auto response = SendJson(*server_, endpoint.method, endpoint.path, json::object(), headers);
            const auto body = ExpectKnownError(response, 401, "INSUFFICIENT_ACCESS_TYPE");
            EXPECT_EQ(body["details"], json({{"actual_access_type", type}, {"allowed_access_types", {"admin"}}}));
        }
    }
    // The project is untouched: the DELETE above did nothing.
    EXPECT_EQ(server_->Get("/api/v1/internal/projects/current", project_->admin).status, 200);
}

TEST_F(AdminAccessTest, OverrideRoutesLetServersManageOnlyTheBranchLevel) {
    for (const std::string level : {"project", "environment"}) {
        const std::string path = "/api/v1/internal/config/override/" + level;
        SCOPED_TRACE(path);
        ExpectTextError(server_->Get(path, project_->server), 403,
                        "Server access can only manage branch config overrides.");
        ExpectTextError(SendJson(*server_, "PATCH", path, {{"config_override_string", "{}"}}, project_->server), 403,
                        "Server access can only manage branch config overrides.");
        ExpectTextError(SendJson(*server_, "PUT", path, {{"config_string", "{}"}}, project_->server), 403,
                        "Server access can only manage branch config overrides.");
        const auto client = ExpectKnownError(server_->Get(path, project_->client()), 401, "INSUFFICIENT_ACCESS_TYPE");
        EXPECT_EQ(client["details"]["allowed_access_types"], json({"server", "admin"}));
    }
    EXPECT_EQ(server_->Get("/api/v1/internal/config/override/branch", project_->server).status, 200);
}

}  // namespace
}  // namespace stackd::testing
