// /emails/notification-preference/{user_id}[/{category_id}] and /emails/unsubscribe-link
// (platform.md §2.7, §2.8).
#include "email_test_helpers.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

class NotificationPreferenceTest : public EmailsTest {
protected:
    static std::string PreferencePath(const std::string& user_id, const std::string& category_id = "") {
        return "/api/v1/emails/notification-preference/" + user_id + (category_id.empty() ? "" : "/" + category_id);
    }
};

json Preference(const char* id, const char* name, bool enabled, bool can_disable) {
    return {{"notification_category_id", id},
            {"notification_category_name", name},
            {"enabled", enabled},
            {"can_disable", can_disable}};
}

TEST_F(NotificationPreferenceTest, DefaultsForEveryCategory) {
    const auto tokens = SignUp(server(), UniqueEmail("prefs-default"));
    const auto response = server().Get(PreferencePath("me"), ClientAuth(tokens.access_token));
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.Json(),
              json({{"items",
                     {Preference(kTransactionalCategoryId, "Transactional", true, false),
                      Preference(kMarketingCategoryId, "Marketing", true, true)}},
                    {"is_paginated", false}}));
    const auto as_server = server().Get(PreferencePath(tokens.user_id), TestServer::ServerHeaders());
    EXPECT_EQ(as_server.Json(), response.Json());
}

TEST_F(NotificationPreferenceTest, UpdateIsStoredPerUser) {
    const auto tokens = SignUp(server(), UniqueEmail("prefs-update"));
    const auto other = SignUp(server(), UniqueEmail("prefs-other"));
    const auto updated = SendJson(server(), "PATCH", PreferencePath("me", kMarketingCategoryId), {{"enabled", false}},
                                  ClientAuth(tokens.access_token));
    ASSERT_EQ(updated.status, 200) << updated.body;
    EXPECT_EQ(updated.Json(), Preference(kMarketingCategoryId, "Marketing", false, true));
    // Transactional can be stored too (upstream does not block it; it has no effect).
    const auto transactional = SendJson(server(), "PATCH", PreferencePath(tokens.user_id, kTransactionalCategoryId),
                                        {{"enabled", false}}, TestServer::ServerHeaders());
    ASSERT_EQ(transactional.status, 200) << transactional.body;

    const auto mine = server().Get(PreferencePath("me"), ClientAuth(tokens.access_token)).Json();
    EXPECT_EQ(mine["items"][0]["enabled"], false);
    EXPECT_EQ(mine["items"][1]["enabled"], false);
    const auto theirs = server().Get(PreferencePath("me"), ClientAuth(other.access_token)).Json();
    EXPECT_EQ(theirs["items"][1]["enabled"], true);

    const auto back = SendJson(server(), "PATCH", PreferencePath("me", kMarketingCategoryId), {{"enabled", true}},
                               ClientAuth(tokens.access_token));
    EXPECT_EQ(back.Json()["enabled"], true);
}

TEST_F(NotificationPreferenceTest, Errors) {
    const auto tokens = SignUp(server(), UniqueEmail("prefs-errors"));
    const auto other = SignUp(server(), UniqueEmail("prefs-errors-other"));
    const Headers client = ClientAuth(tokens.access_token);

    ExpectTextError(server().Get(PreferencePath(other.user_id), client), 403,
                    "You can only view your own notification preferences");
    ExpectKnownError(server().Get(PreferencePath("me"), TestServer::ClientHeaders()), 400,
                     "CANNOT_GET_OWN_USER_WITHOUT_USER");
    ExpectKnownError(server().Get(PreferencePath("2c5b7e1a-8f3d-4a6b-9c0e-1d2f3a4b5c6d"), TestServer::ServerHeaders()),
                     404, "USER_NOT_FOUND");

    ExpectTextError(SendJson(server(), "PATCH", PreferencePath("me", "2c5b7e1a-8f3d-4a6b-9c0e-1d2f3a4b5c6d"),
                             {{"enabled", false}}, client),
                    404, "Notification category not found");
    ExpectTextError(
        SendJson(server(), "PATCH", PreferencePath(other.user_id, kMarketingCategoryId), {{"enabled", false}}, client),
        403, "You can only manage your own notification preferences");
    ExpectKnownError(SendJson(server(), "PATCH", PreferencePath("2c5b7e1a-8f3d-4a6b-9c0e-1d2f3a4b5c6d",
                                                                 kMarketingCategoryId),
                              {{"enabled", false}}, TestServer::ServerHeaders()),
                     404, "USER_NOT_FOUND");
    ExpectKnownError(SendJson(server(), "PATCH", PreferencePath("me", kMarketingCategoryId), json::object(), client), 400,
                     "SCHEMA_ERROR");
    ExpectKnownError(SendJson(server(), "PATCH", PreferencePath("me", kMarketingCategoryId), {{"enabled", false}},
                              TestServer::ClientHeaders()),
                     400, "CANNOT_GET_OWN_USER_WITHOUT_USER");
    // The other user's preference did not change.
    EXPECT_EQ(server().Get(PreferencePath("me"), ClientAuth(other.access_token)).Json()["items"][1]["enabled"], true);
}

TEST_F(NotificationPreferenceTest, UnsubscribeLinkErrors) {
    ExpectTextError(server().Get("/api/v1/emails/unsubscribe-link"), 400, "Invalid code");
    ExpectTextError(server().Get("/api/v1/emails/unsubscribe-link?code=short"), 400, "Invalid code");
    ExpectKnownError(server().Get("/api/v1/emails/unsubscribe-link?code=" + std::string(45, 'a')), 404,
                     "VERIFICATION_CODE_NOT_FOUND");
}

}  // namespace
}  // namespace stackd::testing
