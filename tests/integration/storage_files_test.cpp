// Profile images given as data URLs are stored in the blob store and served back at a
// public URL under the server's base URL.
#include <gtest/gtest.h>

#include "support/auth_helpers.hpp"
#include "support/test_server.hpp"

namespace stackd::testing {
namespace {

// A 1×1 transparent PNG.
constexpr const char* kPngBase64 =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

TEST(StorageFilesTest, UploadedProfileImageIsServedBack) {
    TestServer::Options options;
    options.env = {{"NEXT_PUBLIC_STACK_API_URL", "http://stackd.test"}};
    TestServer server(options);
    const auto tokens = SignUp(server, UniqueEmail("image"));
    const auto response = SendJson(server, "PATCH", "/api/v1/users/me",
                                   {{"profile_image_url", std::string("data:image/png;base64,") + kPngBase64}},
                                   ClientAuth(tokens.access_token));
    ASSERT_EQ(response.status, 200) << response.body;
    const std::string url = response.Json()["profile_image_url"];
    const std::string prefix = "http://stackd.test/storage/user-profile-images/";
    ASSERT_EQ(url.rfind(prefix, 0), 0u) << url;
    EXPECT_EQ(url.substr(url.size() - 4), ".png");

    const auto image = server.Get(url.substr(std::string("http://stackd.test").size()));
    EXPECT_EQ(image.status, 200);
    EXPECT_EQ(image.Header("content-type"), "image/png");
    EXPECT_EQ(image.body.substr(1, 3), "PNG");
}

TEST(StorageFilesTest, TeamProfileImagesAreStoredToo) {
    TestServer server;
    const auto response = SendJson(server, "POST", "/api/v1/teams",
                                   {{"display_name", "Pictured"},
                                    {"profile_image_url", std::string("data:image/png;base64,") + kPngBase64}},
                                   TestServer::ServerHeaders());
    ASSERT_EQ(response.status, 201) << response.body;
    const std::string url = response.Json()["profile_image_url"];
    const auto at = url.find("/storage/team-profile-images/");
    ASSERT_NE(at, std::string::npos) << url;
    const auto image = server.Get(url.substr(at));
    EXPECT_EQ(image.status, 200);
    EXPECT_EQ(image.Header("content-type"), "image/png");
}

TEST(StorageFilesTest, DataThatIsNotAnImageIsRefused) {
    TestServer server;
    const auto tokens = SignUp(server, UniqueEmail("not-image"));
    // "hello world" in base64, labelled as a PNG.
    const auto response = SendJson(server, "PATCH", "/api/v1/users/me",
                                   {{"profile_image_url", "data:image/png;base64,aGVsbG8gd29ybGQ="}},
                                   ClientAuth(tokens.access_token));
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(response.Header("content-type"), "text/plain; charset=utf-8");
}

TEST(StorageFilesTest, UnknownAndTraversingPathsAre404) {
    TestServer server;
    EXPECT_EQ(server.Get("/storage/user-profile-images/missing.png").status, 404);
    EXPECT_EQ(server.Get("/storage/..%2F..%2Fetc/passwd").status, 404);
}

}  // namespace
}  // namespace stackd::testing
