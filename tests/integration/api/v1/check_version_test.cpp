// POST /check-version and /check-feature-support (resources.md §20.2, §20.3).
#include <gtest/gtest.h>

#include "support/auth_helpers.hpp"
#include "support/test_server.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

class CheckVersionTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server_ = new TestServer(); }
    static void TearDownTestSuite() { delete server_; }
    static json Check(const std::string& version) {
        const auto response = SendJson(*server_, "POST", "/api/v1/check-version", {{"clientVersion", version}}, {});
        EXPECT_EQ(response.status, 200) << response.body;
        return response.Json();
    }
    static TestServer* server_;
};
TestServer* CheckVersionTest::server_ = nullptr;

TEST_F(CheckVersionTest, DecidesLikeUpstream) {
    EXPECT_EQ(Check("2.8.86"), json({{"upToDate", true}}));
    EXPECT_EQ(Check("2.8.108"), json({{"upToDate", true}}));
    EXPECT_EQ(Check("2.8.60"),
              json({{"upToDate", false},
                    {"severe", false},
                    {"error", "You are running an outdated version of Stack Auth (v2.8.60; the current version is "
                              "v2.8.86). Please update to the latest version as soon as possible to ensure that you "
                              "get the latest feature and security updates."}}));
    const auto old = Check("2.8.56");
    EXPECT_EQ(old["severe"], true);
    EXPECT_EQ(old["error"].get<std::string>().substr(0, 60),
              "It seems that you may be running on an old version of Next.j");
    const auto minor = Check("2.9.0");
    EXPECT_EQ(minor["severe"], true);
    EXPECT_NE(minor["error"].get<std::string>().find("(your version is v2.9.0; the current version is v2.8.86)"),
              std::string::npos);
    const auto invalid = Check("latest");
    EXPECT_EQ(invalid["severe"], true);
    EXPECT_EQ(invalid["error"].get<std::string>().substr(0, 48), "The client version you specified (vlatest) is no");
    // Same precedence, different spelling: severe.
    const auto build = Check("2.8.86+local");
    EXPECT_EQ(build["severe"], true);
    EXPECT_NE(build["error"].get<std::string>().find("(v2.8.86+local !== v2.8.86)"), std::string::npos);

    ExpectSchemaError(SendJson(*server_, "POST", "/api/v1/check-version", json::object(), {}), "POST",
                      "/api/v1/check-version", {"body.clientVersion must be defined"});
}

TEST_F(CheckVersionTest, FeatureSupportAnswersPlainText) {
    const auto named = SendJson(*server_, "POST", "/api/v1/check-feature-support",
                                {{"feature_name", "Passkeys"}, {"name", "x"}}, TestServer::ClientHeaders());
    ASSERT_EQ(named.status, 200) << named.body;
    EXPECT_EQ(named.body, "Passkeys is not yet supported. Please reach out to Stack support for more information.");
    EXPECT_NE(named.Header("content-type").find("text/plain"), std::string::npos);
    const auto anonymous = SendJson(*server_, "POST", "/api/v1/check-feature-support", {{"name", "rsc-handler-signIn"}}, {});
    ASSERT_EQ(anonymous.status, 200) << anonymous.body;
    EXPECT_EQ(anonymous.body,
              "This feature is not yet supported. Please reach out to Stack support for more information.");
}

}  // namespace
}  // namespace stackd::testing
