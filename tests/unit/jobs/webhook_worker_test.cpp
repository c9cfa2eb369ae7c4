#include "jobs/webhook_worker.hpp"

#include <gtest/gtest.h>

#include "jobs/svix_client.hpp"

namespace stackd::jobs {
namespace {

TEST(WebhookWorkerTest, BackoffIsUpstreamsRetryDelay) {
    // After the n-th failed attempt: (rand + 0.5) · 1 s · 2^(n-1).
    EXPECT_EQ(WebhookWorker::BackoffMs(1, 1000, 0.0), 500);
    EXPECT_EQ(WebhookWorker::BackoffMs(1, 1000, 0.5), 1000);
    EXPECT_EQ(WebhookWorker::BackoffMs(4, 1000, 1.0), 12000);
}

TEST(SvixSettingsTest, BaseUrlIsTheServerUrlOrTheKeysRegion) {
    EXPECT_EQ((SvixSettings{"testsk_a", "http://svix.internal:8071/"}.BaseUrl()), "http://svix.internal:8071");
    EXPECT_EQ((SvixSettings{"testsk_a", ""}.BaseUrl()), "https://api.svix.com");
    EXPECT_EQ((SvixSettings{"testsk_a.eu", ""}.BaseUrl()), "https://api.eu.svix.com");
    EXPECT_EQ((SvixSettings{"testsk_a.us", ""}.BaseUrl()), "https://api.us.svix.com");
    EXPECT_EQ((SvixSettings{"testsk_a.zz", ""}.BaseUrl()), "https://api.svix.com");
    EXPECT_FALSE(SvixSettings{}.configured());
}

TEST(SvixResponseTest, DescribeNamesTheStatusOrTheTransportError) {
    EXPECT_EQ((SvixResponse{429, R"({"detail":"slow down"})", ""}.Describe()),
              R"(Svix answered HTTP 429: {"detail":"slow down"})");
    EXPECT_EQ((SvixResponse{0, "", "Connection refused"}.Describe()), "Svix unreachable: Connection refused");
    EXPECT_TRUE((SvixResponse{202, "{}", ""}.ok()));
    EXPECT_FALSE((SvixResponse{409, "{}", ""}.ok()));
}

}  // namespace
}  // namespace stackd::jobs
