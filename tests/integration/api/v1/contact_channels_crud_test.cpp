// /api/v1/contact-channels CRUD and the per-channel (and legacy) send-verification-code
// (resources.md §14): client-self versus server rules, primary and used_for_auth rules.
#include <gtest/gtest.h>

#include <algorithm>

#include "support/auth_helpers.hpp"
#include "support/email_test_server.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

constexpr const char* kUnknownId = "00000000-0000-4000-8000-000000000000";

class ContactChannelsCrudTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { env_ = new EmailTestServer(); }
    static void TearDownTestSuite() {
        delete env_;
        env_ = nullptr;
    }

    static const TestServer& server() { return *env_->server; }
    static const SmtpSink& sink() { return *env_->sink; }
    static std::string Path(const std::string& user_id, const std::string& channel_id) {
        return "/api/v1/contact-channels/" + user_id + "/" + channel_id;
    }
    static HttpResponse Create(const json& body, const Headers& headers) {
        return server().Post("/api/v1/contact-channels", body.dump(), headers);
    }
    // The signed-up user's channels (server view).
    static json Channels(const std::string& user_id) {
        const auto listed = server().Get("/api/v1/contact-channels?user_id=" + user_id, TestServer::ServerHeaders());
        EXPECT_EQ(listed.status, 200) << listed.body;
        return listed.Json()["items"];
    }
    static json Me(const Tokens& tokens) { return server().Get("/api/v1/users/me", ClientAuth(tokens.access_token)).Json(); }

    static EmailTestServer* env_;
};
EmailTestServer* ContactChannelsCrudTest::env_ = nullptr;

TEST_F(ContactChannelsCrudTest, ClientCreatesListsReadsUpdatesAndDeletesItsOwnChannels) {
    const auto email = UniqueEmail("crud");
    const auto tokens = SignUp(server(), email);
    const auto headers = ClientAuth(tokens.access_token);

    auto listed = server().Get("/api/v1/contact-channels?user_id=me", headers);
    ASSERT_EQ(listed.status, 200) << listed.body;
    ASSERT_EQ(listed.Json()["items"].size(), 1u);
    const json primary = listed.Json()["items"][0];
    EXPECT_EQ(listed.Json()["is_paginated"], false);
    EXPECT_EQ(primary, json({{"user_id", tokens.user_id},
                             {"id", primary["id"]},
                             {"type", "email"},
                             {"value", email},
                             {"is_primary", true},
                             {"is_verified", false},
                             {"used_for_auth", true}}));

    const auto second_email = UniqueEmail("Second");
    auto created = Create({{"user_id", "me"}, {"type", "email"}, {"value", second_email}, {"used_for_auth", false}},
                          headers);
    ASSERT_EQ(created.status, 201) << created.body;
    const json second = created.Json();
    std::string lowered = second_email;
    for (auto& c : lowered) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    EXPECT_EQ(second["value"], lowered);
    EXPECT_EQ(second["user_id"], tokens.user_id);
    EXPECT_EQ(second["is_primary"], false);
    EXPECT_EQ(second["is_verified"], false);
    EXPECT_EQ(second["used_for_auth"], false);

    listed = server().Get("/api/v1/contact-channels?user_id=" + tokens.user_id, headers);
    ASSERT_EQ(listed.Json()["items"], json::array({primary, second}));
    listed = server().Get("/api/v1/contact-channels?user_id=me&contact_channel_id=" + second["id"].get<std::string>(),
                          headers);
    ASSERT_EQ(listed.Json()["items"], json::array({second}));

    const std::string second_id = second["id"];
    auto read = server().Get(Path("me", second_id), headers);
    ASSERT_EQ(read.status, 200) << read.body;
    EXPECT_EQ(read.Json(), second);

    // Making the second channel primary demotes the first; the user's primary_email follows.
    auto patched = SendJson(server(), "PATCH", Path("me", second_id), {{"is_primary", true}}, headers);
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_EQ(patched.Json()["is_primary"], true);
    EXPECT_EQ(Me(tokens)["primary_email"], lowered);
    EXPECT_EQ(Channels(tokens.user_id)[0]["is_primary"], false);

    // A new value is unverified again unless is_verified is sent (server only).
    patched = SendJson(server(), "PATCH", Path(tokens.user_id, second_id), {{"is_verified", true}},
                       TestServer::ServerHeaders());
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_EQ(patched.Json()["is_verified"], true);
    const auto third_email = UniqueEmail("third");
    patched = SendJson(server(), "PATCH", Path("me", second_id), {{"value", third_email}, {"type", "email"}}, headers);
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_EQ(patched.Json()["value"], third_email);
    EXPECT_EQ(patched.Json()["is_verified"], false);

    patched = SendJson(server(), "PATCH", Path("me", second_id), {{"is_primary", false}}, headers);
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_TRUE(Me(tokens)["primary_email"].is_null());

    auto deleted = SendJson(server(), "DELETE", Path("me", second_id), json::object(), headers);
    ASSERT_EQ(deleted.status, 200) << deleted.body;
    EXPECT_EQ(deleted.Json(), json({{"success", true}}));
    EXPECT_EQ(Channels(tokens.user_id).size(), 1u);
    ExpectTextError(SendJson(server(), "DELETE", Path("me", second_id), json::object(), headers), 400,
                    "Contact channel not found");
    ExpectTextError(server().Get(Path("me", second_id), headers), 404, "Contact channel not found.");
    ExpectTextError(SendJson(server(), "PATCH", Path("me", second_id), {{"is_primary", true}}, headers), 400,
                    "Contact channel not found");

    // Deleting the primary channel leaves the user without a primary email.
    deleted = SendJson(server(), "DELETE", Path("me", primary["id"]), json::object(), headers);
    ASSERT_EQ(deleted.status, 200) << deleted.body;
    EXPECT_TRUE(Me(tokens)["primary_email"].is_null());
    EXPECT_TRUE(Channels(tokens.user_id).empty());
}

TEST_F(ContactChannelsCrudTest, ClientsOnlyTouchTheirOwnUser) {
    const auto mine = SignUp(server(), UniqueEmail("mine"));
    const auto theirs = SignUp(server(), UniqueEmail("theirs"));
    const auto headers = ClientAuth(mine.access_token);
    const std::string their_channel = Channels(theirs.user_id)[0]["id"];

    ExpectTextError(Create({{"user_id", theirs.user_id}, {"type", "email"}, {"value", UniqueEmail("x")}, {"used_for_auth", false}},
                           headers),
                    403, "Client can only create contact channels for their own user.");
    ExpectTextError(server().Get("/api/v1/contact-channels?user_id=" + theirs.user_id, headers), 403,
                    "Client can only list contact channels for their own user.");
    ExpectTextError(server().Get("/api/v1/contact-channels", headers), 403,
                    "Client can only list contact channels for their own user.");
    ExpectTextError(server().Get(Path(theirs.user_id, their_channel), headers), 403,
                    "Client can only read contact channels for their own user.");
    ExpectTextError(SendJson(server(), "PATCH", Path(theirs.user_id, their_channel), {{"is_primary", true}}, headers),
                    403, "Client can only update contact channels for their own user.");
    ExpectTextError(SendJson(server(), "DELETE", Path(theirs.user_id, their_channel), json::object(), headers), 403,
                    "Client can only delete contact channels for their own user.");
    ExpectTextError(server().Post(Path(theirs.user_id, their_channel) + "/send-verification-code",
                                  json{{"callback_url", kCallbackUrl}}.dump(), headers),
                    400, "Can only send verification code for your own user");

    // Without a signed-in user.
    ExpectKnownError(server().Get("/api/v1/contact-channels?user_id=me", TestServer::ClientHeaders()), 400,
                     "CANNOT_GET_OWN_USER_WITHOUT_USER");
    ExpectKnownError(server().Get("/api/v1/contact-channels?user_id=" + theirs.user_id, TestServer::ClientHeaders()),
                     400, "CANNOT_GET_OWN_USER_WITHOUT_USER");
    ExpectKnownError(
        Create({{"user_id", theirs.user_id}, {"type", "email"}, {"value", UniqueEmail("x")}, {"used_for_auth", false}},
               TestServer::ClientHeaders()),
        400, "CANNOT_GET_OWN_USER_WITHOUT_USER");
    ExpectKnownError(server().Post(Path(theirs.user_id, their_channel) + "/send-verification-code",
                                   json{{"callback_url", kCallbackUrl}}.dump(), TestServer::ClientHeaders()),
                     400, "CANNOT_GET_OWN_USER_WITHOUT_USER");

    // Clients cannot mark their channels verified.
    ExpectSchemaError(
        Create({{"user_id", "me"}, {"type", "email"}, {"value", UniqueEmail("x")}, {"used_for_auth", false}, {"is_verified", true}},
               headers),
        "POST", "/api/v1/contact-channels",
        {"body contains unknown properties: is_verified"});
}

TEST_F(ContactChannelsCrudTest, ServerListsEveryChannelAndCreatesForAnyUser) {
    const auto user = SignUp(server(), UniqueEmail("srv"));
    const auto value = UniqueEmail("verified");
    auto created = Create({{"user_id", user.user_id},
                           {"type", "email"},
                           {"value", value},
                           {"used_for_auth", true},
                           {"is_verified", true},
                           {"is_primary", true}},
                          TestServer::ServerHeaders());
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(created.Json()["is_verified"], true);
    EXPECT_EQ(created.Json()["is_primary"], true);
    EXPECT_EQ(Me(user)["primary_email"], value);
    EXPECT_EQ(Me(user)["primary_email_verified"], true);
    // The new address signs in.
    const auto signed_in = server().Post("/api/v1/auth/password/sign-in",
                                         json{{"email", value}, {"password", kTestPassword}}.dump(),
                                         TestServer::ClientHeaders());
    EXPECT_EQ(signed_in.status, 200) << signed_in.body;

    const auto all = server().Get("/api/v1/contact-channels", TestServer::ServerHeaders());
    ASSERT_EQ(all.status, 200) << all.body;
    std::vector<std::string> values;
    const json items = all.Json()["items"];
    for (const auto& item : items) {
        values.push_back(item["value"].get<std::string>());
    }
    EXPECT_NE(std::find(values.begin(), values.end(), value), values.end()) << all.body;

    ExpectKnownError(Create({{"user_id", kUnknownId}, {"type", "email"}, {"value", UniqueEmail("x")}, {"used_for_auth", false}},
                            TestServer::ServerHeaders()),
                     404, "USER_NOT_FOUND");
    ExpectKnownError(Create({{"user_id", "me"}, {"type", "email"}, {"value", UniqueEmail("x")}, {"used_for_auth", false}},
                            TestServer::ServerHeaders()),
                     400, "CANNOT_GET_OWN_USER_WITHOUT_USER");
    ExpectTextError(server().Get(Path(kUnknownId, kUnknownId), TestServer::ServerHeaders()), 404,
                    "Contact channel not found.");
    ExpectSchemaError(server().Get(Path(user.user_id, "nope"), TestServer::ServerHeaders()), "GET",
                      Path(user.user_id, "nope"), {"params.contact_channel_id must be a valid UUID"});
    ExpectSchemaError(Create({{"user_id", user.user_id}, {"type", "phone"}, {"value", "x"}}, TestServer::ServerHeaders()),
                      "POST", "/api/v1/contact-channels",
                      {"body.type must be one of the following values: email", "body.used_for_auth must be defined"});
    ExpectSchemaError(Create({{"user_id", user.user_id}, {"type", "email"}, {"value", "not-an-email"}, {"used_for_auth", true}},
                             TestServer::ServerHeaders()),
                      "POST", "/api/v1/contact-channels", {"body.value must be a valid email"});
}

TEST_F(ContactChannelsCrudTest, DuplicateValuesAndAuthConflicts) {
    const auto first_email = UniqueEmail("auth-holder");
    const auto holder = SignUp(server(), first_email);
    const auto other = SignUp(server(), UniqueEmail("other"));
    const auto headers = ClientAuth(other.access_token);

    ExpectTextError(Create({{"user_id", "me"}, {"type", "email"}, {"value", Me(other)["primary_email"]}, {"used_for_auth", false}},
                           headers),
                    400, "Contact channel already exists");

    const auto conflict = ExpectKnownError(
        Create({{"user_id", "me"}, {"type", "email"}, {"value", first_email}, {"used_for_auth", true}}, headers), 409,
        "CONTACT_CHANNEL_ALREADY_USED_FOR_AUTH_BY_SOMEONE_ELSE");
    EXPECT_EQ(conflict["details"], json({{"type", "email"},
                                         {"contact_channel_value", first_email},
                                         {"would_work_if_email_was_verified", false}}));
    EXPECT_EQ(conflict["error"], "This email \"(" + first_email + ")\" is already used for authentication by another account.");

    // The same address without auth is fine; turning auth on later conflicts.
    auto created = Create({{"user_id", "me"}, {"type", "email"}, {"value", first_email}, {"used_for_auth", false}}, headers);
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string id = created.Json()["id"];
    const auto update_conflict = ExpectKnownError(
        SendJson(server(), "PATCH", Path("me", id), {{"used_for_auth", true}}, headers), 409,
        "CONTACT_CHANNEL_ALREADY_USED_FOR_AUTH_BY_SOMEONE_ELSE");
    EXPECT_EQ(update_conflict["details"], json({{"type", "email"},
                                                {"contact_channel_value", nullptr},
                                                {"would_work_if_email_was_verified", false}}));
    EXPECT_EQ(update_conflict["error"], "This email  is already used for authentication by another account.");

    // Once the holder lets go of it, the address can be used for auth here.
    const std::string holder_channel = Channels(holder.user_id)[0]["id"];
    ASSERT_EQ(SendJson(server(), "PATCH", Path(holder.user_id, holder_channel), {{"used_for_auth", false}},
                       TestServer::ServerHeaders())
                  .status,
              200);
    const auto patched = SendJson(server(), "PATCH", Path("me", id), {{"used_for_auth", true}}, headers);
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_EQ(patched.Json()["used_for_auth"], true);
}

TEST_F(ContactChannelsCrudTest, SendVerificationCodeMailsTheChannelAndVerifyMarksIt) {
    const auto tokens = SignUp(server(), UniqueEmail("send"));
    const auto headers = ClientAuth(tokens.access_token);
    const auto extra = UniqueEmail("extra");
    auto created = Create({{"user_id", "me"}, {"type", "email"}, {"value", extra}, {"used_for_auth", false}}, headers);
    ASSERT_EQ(created.status, 201) << created.body;
    const std::string id = created.Json()["id"];

    const auto sent = server().Post(Path("me", id) + "/send-verification-code",
                                    json{{"callback_url", kCallbackUrl}}.dump(), headers);
    ASSERT_EQ(sent.status, 200) << sent.body;
    EXPECT_EQ(sent.Json(), json({{"success", true}}));
    const auto message = sink().WaitFor(extra);
    EXPECT_EQ(message.subject, "Verify your email at Stack Dashboard");
    const auto code = SmtpSink::CodeFromLink(message);
    ASSERT_EQ(code.size(), 45u);
    const auto verified = server().Post("/api/v1/contact-channels/verify", json{{"code", code}}.dump(),
                                        TestServer::ClientHeaders());
    ASSERT_EQ(verified.status, 200) << verified.body;
    EXPECT_EQ(server().Get(Path("me", id), headers).Json()["is_verified"], true);

    ExpectKnownError(server().Post(Path("me", id) + "/send-verification-code",
                                   json{{"callback_url", kCallbackUrl}}.dump(), headers),
                     409, "EMAIL_ALREADY_VERIFIED");
    ExpectTextError(server().Post(Path("me", kUnknownId) + "/send-verification-code",
                                  json{{"callback_url", kCallbackUrl}}.dump(), headers),
                    404, "Contact channel not found");
    const std::string primary_id = Channels(tokens.user_id)[0]["id"];
    ExpectKnownError(server().Post(Path("me", primary_id) + "/send-verification-code",
                                   json{{"callback_url", "https://evil.example.com/cb"}}.dump(), headers),
                     400, "REDIRECT_URL_NOT_WHITELISTED");

    // The server names any user; an unknown one is USER_ID_DOES_NOT_EXIST.
    const auto server_sent = server().Post(Path(tokens.user_id, primary_id) + "/send-verification-code",
                                           json{{"callback_url", kCallbackUrl}}.dump(), TestServer::ServerHeaders());
    ASSERT_EQ(server_sent.status, 200) << server_sent.body;
    sink().WaitFor(Me(tokens)["primary_email"].get<std::string>());
    const auto unknown = ExpectKnownError(server().Post(Path(kUnknownId, primary_id) + "/send-verification-code",
                                                        json{{"callback_url", kCallbackUrl}}.dump(),
                                                        TestServer::ServerHeaders()),
                                          400, "USER_ID_DOES_NOT_EXIST");
    EXPECT_EQ(unknown["details"], json({{"user_id", kUnknownId}}));
    ExpectSchemaError(server().Post(Path("me", id) + "/send-verification-code", json::object().dump(), headers), "POST",
                      Path("me", id) + "/send-verification-code", {"body.callback_url must be defined"});
}

TEST_F(ContactChannelsCrudTest, LegacySendVerificationCodeUsesThePrimaryEmail) {
    const auto email = UniqueEmail("legacy");
    const auto tokens = SignUp(server(), email);
    const auto headers = ClientAuth(tokens.access_token);
    const std::string path = "/api/v1/contact-channels/send-verification-code";

    const auto wrong = ExpectKnownError(
        server().Post(path, json{{"email", "someone@example.com"}, {"callback_url", kCallbackUrl}}.dump(), headers), 400,
        "EMAIL_IS_NOT_PRIMARY_EMAIL");
    EXPECT_EQ(wrong["details"], json({{"email", "someone@example.com"}, {"primary_email", email}}));

    const auto sent = server().Post(path, json{{"email", email}, {"callback_url", kCallbackUrl}}.dump(), headers);
    ASSERT_EQ(sent.status, 200) << sent.body;
    const auto code = SmtpSink::CodeFromLink(sink().WaitFor(email));
    ASSERT_EQ(server().Post("/api/v1/contact-channels/verify", json{{"code", code}}.dump(), TestServer::ClientHeaders()).status,
              200);
    EXPECT_EQ(Me(tokens)["primary_email_verified"], true);
    ExpectKnownError(server().Post(path, json{{"email", email}, {"callback_url", kCallbackUrl}}.dump(), headers), 409,
                     "EMAIL_ALREADY_VERIFIED");
    ExpectSchemaError(server().Post(path, json{{"email", email}, {"callback_url", kCallbackUrl}}.dump(),
                                    TestServer::ClientHeaders()),
                      "POST", path, {"auth.user must be defined"});
}

}  // namespace
}  // namespace stackd::testing
