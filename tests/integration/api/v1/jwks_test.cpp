// GET /api/v1/projects/{project_id}/.well-known/jwks.json (auth.md §2.4): byte-identical to
// upstream's answer for the same STACK_SERVER_SECRET, and the keys verify our own tokens.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "crypto/base64url.hpp"
#include "crypto/ecdsa.hpp"
#include "support/auth_helpers.hpp"
#include "support/test_server.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

// tests/data/tokens.json: upstream's answers for the "dev" secret (the one TestServer uses).
const json& Vectors() {
    static const json vectors = [] {
        std::ifstream file(std::string(STACKD_TEST_DATA_DIR) + "/tokens.json");
        std::stringstream text;
        text << file.rdbuf();
        return json::parse(text.str());
    }();
    return vectors;
}

class JwksTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server_ = new TestServer(); }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }
    static HttpResponse Jwks(const std::string& project, const std::string& query = "") {
        return server_->Get("/api/v1/projects/" + project + "/.well-known/jwks.json" + query);
    }
    static TestServer* server_;
};
TestServer* JwksTest::server_ = nullptr;

TEST_F(JwksTest, ServesUpstreamsKeysForEachQuery) {
    ASSERT_EQ(Vectors()["secrets"]["dev"], "23-wuNpik0gIW4mruTz25rbIvhuuvZFrLOLtL7J4tyo");
    int checked = 0;
    for (const auto& vector : Vectors()["jwks_endpoint"]) {
        if (vector["secret"] != "dev" || vector["project_id"] != "internal") {
            continue;
        }
        const std::string request = vector["request"];
        const auto response = server_->Get(request.substr(request.find(' ') + 1));
        EXPECT_EQ(response.status, 200) << request;
        EXPECT_EQ(response.Header("cache-control"), "public, max-age=3600") << request;
        EXPECT_EQ(response.Header("content-type"), "application/json; charset=utf-8") << request;
        EXPECT_EQ(response.body, vector["response"]["body_exact"].get<std::string>()) << request;
        EXPECT_EQ(response.Json()["keys"].size(), vector["key_count"].get<size_t>()) << request;
        ++checked;
    }
    EXPECT_GE(checked, 5);
}

TEST_F(JwksTest, KeyCountsAndOrder) {
    const auto normal = Jwks("internal").Json()["keys"];
    const auto restricted = Jwks("internal", "?include_restricted=true").Json()["keys"];
    const auto anonymous = Jwks("internal", "?include_anonymous=true").Json()["keys"];
    ASSERT_EQ(normal.size(), 2u);
    ASSERT_EQ(restricted.size(), 4u);
    ASSERT_EQ(anonymous.size(), 6u);
    // Each answer extends the previous one; all kids differ; no private part.
    std::set<std::string> kids;
    for (size_t index = 0; index < anonymous.size(); ++index) {
        if (index < 2) {
            EXPECT_EQ(anonymous[index], normal[index]);
        }
        if (index < 4) {
            EXPECT_EQ(anonymous[index], restricted[index]);
        }
        EXPECT_FALSE(anonymous[index].contains("d"));
        EXPECT_EQ(anonymous[index]["kty"], "EC");
        EXPECT_EQ(anonymous[index]["crv"], "P-256");
        EXPECT_EQ(anonymous[index]["alg"], "ES256");
        kids.insert(anonymous[index]["kid"].get<std::string>());
    }
    EXPECT_EQ(kids.size(), 6u);
    // Explicit "false" is the default.
    EXPECT_EQ(Jwks("internal", "?include_restricted=false&include_anonymous=false").Json()["keys"], normal);
}

TEST_F(JwksTest, UnknownProjectsAndBadQueries) {
    ExpectTextError(Jwks("6fbbf22e-f4b2-4c6e-95a1-beab6fa41063"), 404, "Project not found");
    ExpectSchemaError(Jwks("internal", "?include_anonymous=yes"), "GET",
                      "/api/v1/projects/internal/.well-known/jwks.json",
                      {"query.include_anonymous must be one of the following values: true, false"});
    ExpectSchemaError(Jwks("internal", "?format=pem"), "GET", "/api/v1/projects/internal/.well-known/jwks.json",
                      {"query contains unknown properties: format"});
}

TEST_F(JwksTest, TokensVerifyAgainstTheServedKeys) {
    const auto tokens = SignUp(*server_, UniqueEmail("jwks"));
    const auto anonymous = SignUpAnonymously(*server_);
    const auto keys = Jwks("internal", "?include_anonymous=true").Json()["keys"];
    // New tokens are signed with the first key of their audience: normal, then anonymous (index 4).
    for (const auto& [token, key_index] : {std::pair{tokens.access_token, 0}, std::pair{anonymous.access_token, 4}}) {
        const auto header = JwtPart(token, 0);
        EXPECT_EQ(header, json({{"alg", "ES256"}, {"kid", keys[key_index]["kid"]}}));
        const auto& jwk = keys[key_index];
        const auto public_key =
            crypto::P256PublicKeyFromCoordinates(*crypto::Base64UrlDecode(jwk["x"].get<std::string>()),
                                                 *crypto::Base64UrlDecode(jwk["y"].get<std::string>()));
        ASSERT_NE(public_key, nullptr);
        const auto dot = token.rfind('.');
        const auto signature = crypto::Base64UrlDecode(token.substr(dot + 1));
        ASSERT_TRUE(signature.has_value());
        EXPECT_TRUE(crypto::VerifyEs256(public_key.get(), token.substr(0, dot), *signature));
        // Not with another audience's key.
        const auto& other = keys[key_index == 0 ? 4 : 0];
        const auto other_key =
            crypto::P256PublicKeyFromCoordinates(*crypto::Base64UrlDecode(other["x"].get<std::string>()),
                                                 *crypto::Base64UrlDecode(other["y"].get<std::string>()));
        EXPECT_FALSE(crypto::VerifyEs256(other_key.get(), token.substr(0, dot), *signature));
    }
}

}  // namespace
}  // namespace stackd::testing
