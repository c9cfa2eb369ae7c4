// /api/v1/users, /users/{user_id} and /users/me (resources.md §0–§2): shapes per access
// type, metadata, primary email rules, list filters and pagination, passwords, deletion,
// validation and tenant isolation.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>

#include "support/auth_helpers.hpp"
#include "support/test_server.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

// From shared/test-vectors/tokens.json, "bcrypt" (produced by upstream's hashPassword).
constexpr const char* kVectorPassword = "password123";
constexpr const char* kVectorHash = "$2b$10$0vNiX9k9H3bUPMw1/UbTF.P76RVXHnCN8S8XNfxaB2QVzskzHprwW";
constexpr const char* kUnknownUserId = "0f0e8c55-8a3c-4c55-9a0b-4c7f7d2b1a00";

class UsersTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server_ = new TestServer(); }
    static void TearDownTestSuite() {
        delete server_;
        server_ = nullptr;
    }

    static HttpResponse Patch(const std::string& path, const json& body, const Headers& headers) {
        return SendJson(*server_, "PATCH", path, body, headers);
    }
    static HttpResponse Delete(const std::string& path, const Headers& headers) {
        return server_->Request("DELETE", path, headers);
    }
    // The ids of a list response, in order.
    static std::vector<std::string> Ids(const HttpResponse& response) {
        EXPECT_EQ(response.status, 200) << response.body;
        std::vector<std::string> ids;
        const auto body = response.Json();
        for (const auto& item : body["items"]) {
            ids.push_back(item["id"]);
        }
        return ids;
    }
    static std::vector<std::string> ListIds(const std::string& query) {
        return Ids(server_->Get("/api/v1/users?" + query, TestServer::ServerHeaders()));
    }

    static TestServer* server_;
};
TestServer* UsersTest::server_ = nullptr;

// Users created in `internal` get a personal team after the create response is computed.
json WithoutTeams(json users) {
    for (auto& user : users) {
        user = WithoutTeam(user);
    }
    return users;
}

TEST_F(UsersTest, ClientAccessIsRefusedOnTheCollectionAndOnUserIds) {
    const auto user = CreateUser(*server_, json::object());
    const std::string path = "/api/v1/users/" + user["id"].get<std::string>();
    for (const auto& response : {server_->Get("/api/v1/users", TestServer::ClientHeaders()),
                                 server_->Post("/api/v1/users", "{}", TestServer::ClientHeaders()),
                                 server_->Get(path, TestServer::ClientHeaders()),
                                 Patch(path, {{"display_name", "x"}}, TestServer::ClientHeaders()),
                                 Delete(path, TestServer::ClientHeaders())}) {
        const auto body = ExpectKnownError(response, 401, "INSUFFICIENT_ACCESS_TYPE");
        EXPECT_EQ(body,
                  json({{"code", "INSUFFICIENT_ACCESS_TYPE"},
                        {"details", {{"actual_access_type", "client"}, {"allowed_access_types", {"server", "admin"}}}},
                        {"error", "The x-stack-access-type header must be 'server' or 'admin', but was 'client'."}}));
    }
    // The user is untouched (its personal team is created after the create response).
    EXPECT_EQ(WithoutTeam(server_->Get(path, TestServer::ServerHeaders()).Json()), WithoutTeam(user));
}

TEST_F(UsersTest, AnAccessTypeIsRequired) {
    ExpectKnownError(server_->Get("/api/v1/users/me"), 400, "ACCESS_TYPE_REQUIRED");
    ExpectKnownError(server_->Get("/api/v1/users"), 400, "ACCESS_TYPE_REQUIRED");
}

TEST_F(UsersTest, CreatingAnEmptyUserReturnsTheServerShape) {
    const auto response = server_->Post("/api/v1/users", "{}", TestServer::ServerHeaders());
    ASSERT_EQ(response.status, 201) << response.body;
    EXPECT_EQ(response.Header("content-type"), "application/json; charset=utf-8");
    const auto user = response.Json();
    EXPECT_EQ(user, ExpectedUser(user, true));
    EXPECT_EQ(user.size(), 27u);
    EXPECT_GT(user["signed_up_at_millis"].get<int64_t>(), 0);
    EXPECT_EQ(user["last_active_at_millis"], user["signed_up_at_millis"]);
    // Reading it back gives the same object, for server and admin alike (but for the
    // personal team, which upstream creates after computing the create response).
    const std::string path = "/api/v1/users/" + user["id"].get<std::string>();
    EXPECT_EQ(WithoutTeam(server_->Get(path, TestServer::ServerHeaders()).Json()), WithoutTeam(user));
    EXPECT_EQ(WithoutTeam(server_->Get(path, TestServer::AdminHeaders()).Json()), WithoutTeam(user));
}

TEST_F(UsersTest, CreateStoresEveryFieldAndNormalisesTheEmail) {
    const auto user = CreateUser(*server_, {{"display_name", "Ann Example"},
                                            {"primary_email", "Ann.Create@EXAMPLE.com"},
                                            {"primary_email_verified", true},
                                            {"primary_email_auth_enabled", true},
                                            {"client_metadata", {{"theme", "dark"}}},
                                            {"client_read_only_metadata", {1, 2, 3}},
                                            {"server_metadata", "secret"},
                                            {"country_code", " de "},
                                            {"risk_scores", {{"sign_up", {{"bot", 12}, {"free_trial_abuse", 99}}}}},
                                            {"restricted_by_admin", true},
                                            {"restricted_by_admin_reason", "spam"},
                                            {"restricted_by_admin_private_details", "reported twice"}});
    EXPECT_EQ(user, ExpectedUser(user, true,
                                 {{"display_name", "Ann Example"},
                                  {"primary_email", "ann.create@example.com"},
                                  {"primary_email_verified", true},
                                  {"primary_email_auth_enabled", true},
                                  {"client_metadata", {{"theme", "dark"}}},
                                  {"client_read_only_metadata", {1, 2, 3}},
                                  {"server_metadata", "secret"},
                                  {"country_code", "DE"},
                                  {"risk_scores", {{"sign_up", {{"bot", 12}, {"free_trial_abuse", 99}}}}},
                                  {"restricted_by_admin", true},
                                  {"restricted_by_admin_reason", "spam"},
                                  {"restricted_by_admin_private_details", "reported twice"},
                                  {"is_restricted", true},
                                  {"restricted_reason", {{"type", "restricted_by_administrator"}}}}));
}

TEST_F(UsersTest, TheClientShapeOfMeLacksTheServerOnlyFields) {
    const std::string email = UniqueEmail("shape");
    const auto tokens = SignUp(*server_, email);

    const auto client = server_->Get("/api/v1/users/me", ClientAuth(tokens.access_token));
    ASSERT_EQ(client.status, 200) << client.body;
    const auto client_user = client.Json();
    const json facts = {
        {"id", tokens.user_id}, {"primary_email", email}, {"has_password", true}, {"auth_with_email", true}};
    EXPECT_EQ(WithoutTeam(client_user), WithoutTeam(ExpectedUser(client_user, false, facts)));
    for (const char* server_only : {"server_metadata", "primary_email_auth_enabled", "last_active_at_millis",
                                    "restricted_by_admin_private_details", "country_code", "risk_scores"}) {
        EXPECT_FALSE(client_user.contains(server_only)) << server_only;
    }

    // The same user through the server key: the full shape.
    const auto server = server_->Get("/api/v1/users/me", ServerAuth(tokens.access_token));
    ASSERT_EQ(server.status, 200) << server.body;
    auto server_facts = facts;
    server_facts["primary_email_auth_enabled"] = true;
    EXPECT_EQ(WithoutTeam(server.Json()), WithoutTeam(ExpectedUser(server.Json(), true, server_facts)));
    EXPECT_EQ(server_->Get("/api/v1/users/" + tokens.user_id, TestServer::ServerHeaders()).Json(), server.Json());
}

TEST_F(UsersTest, MetadataIsReplacedWholeAndVisiblePerAccessType) {
    const auto tokens = SignUp(*server_, UniqueEmail("metadata"));
    const std::string path = "/api/v1/users/" + tokens.user_id;
    auto response = Patch(path,
                          {{"client_metadata", {{"a", 1}}},
                           {"client_read_only_metadata", json::array({"x"})},
                           {"server_metadata", {{"plan", "pro"}}}},
                          TestServer::ServerHeaders());
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.Json()["client_metadata"], json({{"a", 1}}));
    EXPECT_EQ(response.Json()["client_read_only_metadata"], json::array({"x"}));
    EXPECT_EQ(response.Json()["server_metadata"], json({{"plan", "pro"}}));

    // The client reads its own client fields, never server_metadata.
    auto me = server_->Get("/api/v1/users/me", ClientAuth(tokens.access_token)).Json();
    EXPECT_EQ(me["client_metadata"], json({{"a", 1}}));
    EXPECT_EQ(me["client_read_only_metadata"], json::array({"x"}));
    EXPECT_FALSE(me.contains("server_metadata"));

    // A client write replaces the value (no merge) and answers in the client shape.
    response = Patch("/api/v1/users/me", {{"client_metadata", {{"b", true}}}}, ClientAuth(tokens.access_token));
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.Json()["client_metadata"], json({{"b", true}}));
    EXPECT_FALSE(response.Json().contains("server_metadata"));

    // null stores JSON null; other fields are left alone.
    response = Patch(path, {{"client_metadata", nullptr}}, TestServer::ServerHeaders());
    EXPECT_EQ(response.Json()["client_metadata"], nullptr);
    EXPECT_EQ(response.Json()["server_metadata"], json({{"plan", "pro"}}));
}

TEST_F(UsersTest, TheClientCannotWriteReadOnlyOrServerFields) {
    const auto tokens = SignUp(*server_, UniqueEmail("client-write"));
    ExpectSchemaError(Patch("/api/v1/users/me", {{"display_name", "Johnny"}, {"server_metadata", {{"k", "v"}}}},
                            ClientAuth(tokens.access_token)),
                      "PATCH", "/api/v1/users/me", {"body contains unknown properties: server_metadata"});
    ExpectSchemaError(Patch("/api/v1/users/me", {{"client_read_only_metadata", 1}, {"primary_email_verified", true}},
                            ClientAuth(tokens.access_token)),
                      "PATCH", "/api/v1/users/me",
                      {"body contains unknown properties: client_read_only_metadata, primary_email_verified"});
    // Nothing was written.
    EXPECT_EQ(server_->Get("/api/v1/users/me", ClientAuth(tokens.access_token)).Json()["display_name"], nullptr);
}

TEST_F(UsersTest, ProfileImageUrlsMustBeUrls) {
    const auto tokens = SignUp(*server_, UniqueEmail("image-url"));
    ExpectSchemaError(Patch("/api/v1/users/me", {{"profile_image_url", ""}}, ServerAuth(tokens.access_token)),
                      "PATCH", "/api/v1/users/me", {"body.profile_image_url is not a valid URL"});
    ExpectSchemaError(Patch("/api/v1/users/me", {{"profile_image_url", "not a url"}}, ServerAuth(tokens.access_token)),
                      "PATCH", "/api/v1/users/me",
                      {"body.profile_image_url contains spaces", "body.profile_image_url is not a valid URL"});
    // A URL of another kind passes the schema and meets the storage rule's plain-text error.
    ExpectTextError(Patch("/api/v1/users/me", {{"profile_image_url", "ftp://example.com/a.png"}},
                          ServerAuth(tokens.access_token)),
                    400, "Invalid profile image URL");
}

TEST_F(UsersTest, EmptyDisplayNameIsStoredAsNull) {
    const auto tokens = SignUp(*server_, UniqueEmail("display"));
    auto response = Patch("/api/v1/users/me", {{"display_name", "Someone"}}, ClientAuth(tokens.access_token));
    EXPECT_EQ(response.Json()["display_name"], "Someone");
    response = Patch("/api/v1/users/me", {{"display_name", ""}}, ClientAuth(tokens.access_token));
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.Json()["display_name"], nullptr);
}

TEST_F(UsersTest, AnAuthEmailCanBelongToOneUserOnly) {
    const std::string email = UniqueEmail("taken");
    const auto first = CreateUser(*server_, {{"primary_email", email}, {"primary_email_auth_enabled", true}});
    EXPECT_EQ(first["primary_email_auth_enabled"], true);
    EXPECT_EQ(first["auth_with_email"], false);  // no password or OTP method yet

    std::string upper = email;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
    const auto response =
        server_->Post("/api/v1/users", json{{"primary_email", upper}, {"primary_email_auth_enabled", true}}.dump(),
                      TestServer::ServerHeaders());
    const auto body = ExpectKnownError(response, 409, "USER_EMAIL_ALREADY_EXISTS");
    EXPECT_EQ(body, json({{"code", "USER_EMAIL_ALREADY_EXISTS"},
                          {"details", {{"email", email}, {"would_work_if_email_was_verified", false}}},
                          {"error", "A user with email \"" + email + "\" already exists."}}));

    // Without auth the same address may be used again.
    const auto second = CreateUser(*server_, {{"primary_email", email}});
    EXPECT_EQ(second["primary_email"], email);
    EXPECT_EQ(second["primary_email_auth_enabled"], false);

    // Changing someone's primary email to a taken auth email fails the same way.
    const auto other =
        CreateUser(*server_, {{"primary_email", UniqueEmail("other")}, {"primary_email_auth_enabled", true}});
    ExpectKnownError(Patch("/api/v1/users/" + other["id"].get<std::string>(), {{"primary_email", email}},
                           TestServer::ServerHeaders()),
                     409, "USER_EMAIL_ALREADY_EXISTS");
}

TEST_F(UsersTest, EmailFlagsNeedAnEmail) {
    ExpectTextError(
        server_->Post("/api/v1/users", R"({"primary_email_auth_enabled": true})", TestServer::ServerHeaders()), 400,
        "primary_email_auth_enabled cannot be true without primary_email");
    ExpectTextError(server_->Post("/api/v1/users", R"({"primary_email_verified": true})", TestServer::ServerHeaders()),
                    400, "primary_email_verified cannot be true without primary_email");
}

TEST_F(UsersTest, PrimaryEmailChangesAndRemoval) {
    const std::string old_email = UniqueEmail("old");
    const auto tokens = SignUp(*server_, old_email);
    const std::string path = "/api/v1/users/" + tokens.user_id;
    const std::string new_email = UniqueEmail("new");
    auto response = Patch(path, {{"primary_email", new_email}}, TestServer::ServerHeaders());
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.Json()["primary_email"], new_email);
    EXPECT_EQ(response.Json()["primary_email_verified"], false);
    EXPECT_EQ(response.Json()["primary_email_auth_enabled"], true);  // kept from the old primary email
    // The new address signs in.
    EXPECT_EQ(SignIn(*server_, new_email).user_id, tokens.user_id);

    response = Patch(path, {{"primary_email", nullptr}}, TestServer::ServerHeaders());
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.Json()["primary_email"], nullptr);
    EXPECT_EQ(response.Json()["primary_email_verified"], false);
    EXPECT_EQ(response.Json()["primary_email_auth_enabled"], false);
}

TEST_F(UsersTest, UnknownBodyPropertiesAreListed) {
    ExpectSchemaError(server_->Post("/api/v1/users", R"({"display_name": "x", "extra_a": 1, "extra_b": 2})",
                                    TestServer::ServerHeaders()),
                      "POST", "/api/v1/users", {"body contains unknown properties: extra_a, extra_b"});
}

TEST_F(UsersTest, CreateValidatesItsFields) {
    ExpectSchemaError(
        server_->Post("/api/v1/users", R"({"primary_email": "not an email"})", TestServer::ServerHeaders()), "POST",
        "/api/v1/users", {"body.primary_email must be a valid email"});
    ExpectSchemaError(server_->Post("/api/v1/users", R"({"country_code": "Germany"})", TestServer::ServerHeaders()),
                      "POST", "/api/v1/users", {"body.country_code must be a 2-letter country code"});
    ExpectSchemaError(
        server_->Post("/api/v1/users", R"({"restricted_by_admin_reason": "why"})", TestServer::ServerHeaders()), "POST",
        "/api/v1/users", {"restricted_by_admin_reason must be null when restricted_by_admin is not true"});
    // Upstream's lenient email schema accepts a domain without a dot.
    EXPECT_EQ(CreateUser(*server_, {{"primary_email", "invalid_email@gmai"}})["primary_email"], "invalid_email@gmai");
}

TEST_F(UsersTest, ListFiltersAnonymousAndRestrictedUsers) {
    const std::string tag = "filters" + std::to_string(getpid());
    const auto normal = CreateUser(*server_, {{"display_name", tag + " normal"}});
    const auto restricted =
        CreateUser(*server_, {{"display_name", tag + " restricted"}, {"restricted_by_admin", true}});
    const auto anonymous = CreateUser(*server_, {{"display_name", tag + " anonymous"}, {"is_anonymous", true}});
    EXPECT_EQ(anonymous["is_anonymous"], true);
    EXPECT_EQ(anonymous["restricted_reason"], json({{"type", "anonymous"}}));

    // Membership only; the order is covered below.
    auto list = [&](const std::string& flags) {
        auto ids = ListIds("query=" + tag + flags);
        std::sort(ids.begin(), ids.end());
        return ids;
    };
    auto sorted = [](std::vector<std::string> ids) {
        std::sort(ids.begin(), ids.end());
        return ids;
    };
    const std::string n = normal["id"], r = restricted["id"], a = anonymous["id"];
    EXPECT_EQ(list(""), sorted({n}));
    EXPECT_EQ(list("&include_restricted=true"), sorted({n, r}));
    EXPECT_EQ(list("&include_anonymous=true"), sorted({n, r, a}));
    EXPECT_EQ(list("&include_anonymous=true&only_anonymous=true"), sorted({a}));
    EXPECT_EQ(list("&include_restricted=false&include_anonymous=false"), sorted({n}));

    ExpectTextError(server_->Get("/api/v1/users?only_anonymous=true", TestServer::ServerHeaders()), 400,
                    "only_anonymous=true requires include_anonymous=true");
}

TEST_F(UsersTest, ListSearchesEmailsDisplayNamesAndIds) {
    const std::string email = UniqueEmail("Searchable");
    const auto by_email = CreateUser(*server_, {{"primary_email", email}});
    const auto by_name = CreateUser(*server_, {{"display_name", "Zebra Crossing " + std::to_string(getpid())}});

    // Case-insensitive substring of an email or a display name.
    std::string fragment = email.substr(0, email.find('@'));
    std::transform(fragment.begin(), fragment.end(), fragment.begin(), [](unsigned char c) { return std::toupper(c); });
    EXPECT_EQ(ListIds("query=" + fragment), std::vector<std::string>({by_email["id"]}));
    EXPECT_EQ(ListIds("query=zebra%20crossing%20" + std::to_string(getpid())),
              std::vector<std::string>({by_name["id"]}));
    // An id matches exactly, also with characters outside [A-Za-z0-9-_.] around it.
    const std::string id = by_name["id"];
    EXPECT_EQ(ListIds("query=" + id), std::vector<std::string>({id}));
    EXPECT_EQ(ListIds("query=%7B" + id + "%7D"), std::vector<std::string>({id}));
    EXPECT_TRUE(ListIds("query=no-such-user-anywhere").empty());
}

TEST_F(UsersTest, ListOrdersBySignUpTimeAndPagesWithCursors) {
    const std::string tag = "pages" + std::to_string(getpid());
    std::vector<json> users;
    for (int index = 0; index < 5; ++index) {
        users.push_back(CreateUser(*server_, {{"display_name", tag + " " + std::to_string(index)}}));
    }
    // signed_up_at ascending, ties broken by id.
    std::sort(users.begin(), users.end(), [](const json& a, const json& b) {
        return std::make_pair(a["signed_up_at_millis"].get<int64_t>(), a["id"].get<std::string>()) <
               std::make_pair(b["signed_up_at_millis"].get<int64_t>(), b["id"].get<std::string>());
    });
    std::vector<std::string> ascending;
    for (const auto& user : users) {
        ascending.push_back(user["id"]);
    }
    const std::string query = "query=" + tag;

    const auto all = server_->Get("/api/v1/users?" + query, TestServer::ServerHeaders());
    ASSERT_EQ(all.status, 200) << all.body;
    EXPECT_EQ(all.Json()["is_paginated"], true);
    EXPECT_EQ(all.Json()["pagination"], json({{"next_cursor", nullptr}}));
    EXPECT_EQ(WithoutTeams(all.Json()["items"]), WithoutTeams(json(users)));
    EXPECT_EQ(ListIds(query + "&order_by=signed_up_at&desc=false"), ascending);
    auto descending = ascending;
    std::reverse(descending.begin(), descending.end());
    EXPECT_EQ(ListIds(query + "&desc=true"), descending);

    // limit=2: two items, next_cursor names the first item of the next page (inclusive).
    auto page = server_->Get("/api/v1/users?" + query + "&limit=2", TestServer::ServerHeaders()).Json();
    EXPECT_EQ(page["items"].size(), 2u);
    EXPECT_EQ(page["items"][0]["id"], ascending[0]);
    EXPECT_EQ(page["items"][1]["id"], ascending[1]);
    EXPECT_EQ(page["pagination"]["next_cursor"], ascending[2]);
    page =
        server_->Get("/api/v1/users?" + query + "&limit=2&cursor=" + ascending[2], TestServer::ServerHeaders()).Json();
    EXPECT_EQ(WithoutTeams(page["items"]), WithoutTeams(json({users[2], users[3]})));
    EXPECT_EQ(page["pagination"]["next_cursor"], ascending[4]);
    page =
        server_->Get("/api/v1/users?" + query + "&limit=2&cursor=" + ascending[4], TestServer::ServerHeaders()).Json();
    EXPECT_EQ(page["items"].size(), 1u);
    EXPECT_EQ(page["items"][0]["id"], ascending[4]);
    EXPECT_EQ(page["pagination"]["next_cursor"], nullptr);
    // An exactly full last page has no next cursor either.
    page = server_->Get("/api/v1/users?" + query + "&limit=5", TestServer::ServerHeaders()).Json();
    EXPECT_EQ(page["items"].size(), 5u);
    EXPECT_EQ(page["pagination"]["next_cursor"], nullptr);
    // Descending pages walk backwards from the cursor.
    EXPECT_EQ(ListIds(query + "&desc=true&limit=2&cursor=" + ascending[2]),
              std::vector<std::string>({ascending[2], ascending[1]}));
}

TEST_F(UsersTest, ListQueryIsValidated) {
    ExpectSchemaError(server_->Get("/api/v1/users?limit=0", TestServer::ServerHeaders()), "GET", "/api/v1/users",
                      {"query.limit must be greater than or equal to 1"});
    ExpectSchemaError(server_->Get("/api/v1/users?cursor=abc", TestServer::ServerHeaders()), "GET", "/api/v1/users",
                      {"query.cursor must be a valid UUID"});
    ExpectSchemaError(server_->Get("/api/v1/users?order_by=display_name", TestServer::ServerHeaders()), "GET",
                      "/api/v1/users", {"query.order_by must be one of the following values: signed_up_at"});
    ExpectSchemaError(server_->Get("/api/v1/users?desc=yes&include_anonymous=1", TestServer::ServerHeaders()), "GET",
                      "/api/v1/users",
                      {"query.desc must be one of the following values: true, false",
                       "query.include_anonymous must be one of the following values: true, false"});
    ExpectSchemaError(server_->Get("/api/v1/users?sort=asc", TestServer::ServerHeaders()), "GET", "/api/v1/users",
                      {"query contains unknown properties: sort"});
    // The CRUD query keys are shared by every operation of /users/{user_id}...
    const auto user = CreateUser(*server_, json::object());
    EXPECT_EQ(
        server_->Get("/api/v1/users/" + user["id"].get<std::string>() + "?limit=2", TestServer::ServerHeaders()).status,
        200);
    // ...but /users/me declares none.
    const auto tokens = SignUp(*server_, UniqueEmail("me-query"));
    ExpectSchemaError(server_->Get("/api/v1/users/me?limit=2", ClientAuth(tokens.access_token)), "GET",
                      "/api/v1/users/me", {"query contains unknown properties: limit"});
}

TEST_F(UsersTest, CreateWithAPasswordThenSignIn) {
    const std::string email = UniqueEmail("with-password");
    const auto user = CreateUser(
        *server_,
        {{"primary_email", email}, {"primary_email_auth_enabled", true}, {"password", "a-server-chosen-password"}});
    EXPECT_EQ(user["has_password"], true);
    EXPECT_EQ(user["auth_with_email"], true);
    EXPECT_EQ(SignIn(*server_, email, "a-server-chosen-password").user_id, user["id"]);
    ExpectKnownError(
        server_->Post("/api/v1/auth/password/sign-in", json{{"email", email}, {"password", "not-the-password"}}.dump(),
                      TestServer::ClientHeaders()),
        400, "EMAIL_PASSWORD_MISMATCH");
}

TEST_F(UsersTest, CreateWithAnImportedBcryptHashThenSignIn) {
    const std::string email = UniqueEmail("with-hash");
    const auto user = CreateUser(
        *server_, {{"primary_email", email}, {"primary_email_auth_enabled", true}, {"password_hash", kVectorHash}});
    EXPECT_EQ(user["has_password"], true);
    EXPECT_EQ(SignIn(*server_, email, kVectorPassword).user_id, user["id"]);
    ExpectKnownError(
        server_->Post("/api/v1/auth/password/sign-in", json{{"email", email}, {"password", "password124"}}.dump(),
                      TestServer::ClientHeaders()),
        400, "EMAIL_PASSWORD_MISMATCH");
}

TEST_F(UsersTest, PasswordAndHashRules) {
    ExpectTextError(
        server_->Post("/api/v1/users", json{{"password", "hello-world-1"}, {"password_hash", kVectorHash}}.dump(),
                      TestServer::ServerHeaders()),
        400, "Cannot set both password and password_hash at the same time.");
    for (const char* hash : {"plain-text", "$2a$17$VIhIOofSMqGdGlL4wzE//e.77dAQGqNtF/1dT7bqCrVtQuInWy2qi"}) {
        ExpectTextError(
            server_->Post("/api/v1/users", json{{"password_hash", hash}}.dump(), TestServer::ServerHeaders()), 400,
            "Invalid password hash. Make sure it's a supported algorithm in Modular Crypt Format.");
    }
    ExpectSchemaError(
        server_->Post("/api/v1/users", json{{"password", std::string(71, 'p')}}.dump(), TestServer::ServerHeaders()),
        "POST", "/api/v1/users", {"body.password must be at most 70 characters"});
}

TEST_F(UsersTest, ChangingThePasswordSignsTheUserOutEverywhere) {
    const std::string email = UniqueEmail("repassword");
    const auto tokens = SignUp(*server_, email);
    const auto response =
        Patch("/api/v1/users/" + tokens.user_id, {{"password", "a-brand-new-password"}}, TestServer::ServerHeaders());
    ASSERT_EQ(response.status, 200) << response.body;
    ExpectKnownError(Refresh(*server_, tokens.refresh_token), 401, "REFRESH_TOKEN_NOT_FOUND_OR_EXPIRED");
    EXPECT_EQ(SignIn(*server_, email, "a-brand-new-password").user_id, tokens.user_id);
    ExpectKnownError(
        server_->Post("/api/v1/auth/password/sign-in", json{{"email", email}, {"password", kTestPassword}}.dump(),
                      TestServer::ClientHeaders()),
        400, "EMAIL_PASSWORD_MISMATCH");

    // null removes the password (and signs out again).
    const auto session = SignIn(*server_, email, "a-brand-new-password");
    const auto removed = Patch("/api/v1/users/" + tokens.user_id, {{"password", nullptr}}, TestServer::ServerHeaders());
    ASSERT_EQ(removed.status, 200) << removed.body;
    EXPECT_EQ(removed.Json()["has_password"], false);
    EXPECT_EQ(removed.Json()["auth_with_email"], false);
    ExpectKnownError(Refresh(*server_, session.refresh_token), 401, "REFRESH_TOKEN_NOT_FOUND_OR_EXPIRED");
    ExpectKnownError(
        server_->Post("/api/v1/auth/password/sign-in",
                      json{{"email", email}, {"password", "a-brand-new-password"}}.dump(), TestServer::ClientHeaders()),
        400, "EMAIL_PASSWORD_MISMATCH");
}

TEST_F(UsersTest, AUserCannotBeMadeAnonymous) {
    const auto user = CreateUser(*server_, json::object());
    const std::string path = "/api/v1/users/" + user["id"].get<std::string>();
    ExpectSchemaError(Patch(path, {{"is_anonymous", true}}, TestServer::ServerHeaders()), "PATCH", path,
                      {"body.is_anonymous must be one of the following values: false"});
}

TEST_F(UsersTest, DeletingAUserRemovesItAndItsSessions) {
    const std::string email = UniqueEmail("deleted");
    const auto tokens = SignUp(*server_, email);
    const std::string path = "/api/v1/users/" + tokens.user_id;

    const auto response = Delete(path, TestServer::ServerHeaders());
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.Json(), json({{"success", true}}));

    const auto body = ExpectKnownError(server_->Get(path, TestServer::ServerHeaders()), 404, "USER_NOT_FOUND");
    EXPECT_EQ(body, json({{"code", "USER_NOT_FOUND"}, {"error", "User not found."}}));
    ExpectKnownError(Delete(path, TestServer::ServerHeaders()), 404, "USER_NOT_FOUND");
    ExpectKnownError(Patch(path, {{"display_name", "ghost"}}, TestServer::ServerHeaders()), 404, "USER_NOT_FOUND");
    ExpectKnownError(Refresh(*server_, tokens.refresh_token), 401, "REFRESH_TOKEN_NOT_FOUND_OR_EXPIRED");
    ExpectKnownError(
        server_->Post("/api/v1/auth/password/sign-in", json{{"email", email}, {"password", kTestPassword}}.dump(),
                      TestServer::ClientHeaders()),
        400, "EMAIL_PASSWORD_MISMATCH");
    // The access token still verifies, but names nobody: `me` has no user.
    ExpectKnownError(server_->Get("/api/v1/users/me", ClientAuth(tokens.access_token)), 400,
                     "CANNOT_GET_OWN_USER_WITHOUT_USER");
    // The address is free again.
    EXPECT_NE(SignUp(*server_, email).user_id, tokens.user_id);
}

TEST_F(UsersTest, TheServerMayDeleteTheCurrentUser) {
    const auto tokens = SignUp(*server_, UniqueEmail("delete-me"));
    const auto response = Delete("/api/v1/users/me", ServerAuth(tokens.access_token));
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.Json(), json({{"success", true}}));
    ExpectKnownError(server_->Get("/api/v1/users/" + tokens.user_id, TestServer::ServerHeaders()), 404,
                     "USER_NOT_FOUND");
}

TEST_F(UsersTest, ClientDeletionIsOffForTheInternalProject) {
    const auto tokens = SignUp(*server_, UniqueEmail("client-delete"));
    ExpectTextError(Delete("/api/v1/users/me", ClientAuth(tokens.access_token)), 400,
                    "Client user deletion is not enabled for this project");
    // Checked before the user is needed, as upstream.
    ExpectTextError(Delete("/api/v1/users/me", TestServer::ClientHeaders()), 400,
                    "Client user deletion is not enabled for this project");
    EXPECT_EQ(server_->Get("/api/v1/users/" + tokens.user_id, TestServer::ServerHeaders()).status, 200);
}

TEST_F(UsersTest, MeNeedsAUser) {
    for (const auto& headers : {TestServer::ClientHeaders(), TestServer::ServerHeaders()}) {
        const auto body =
            ExpectKnownError(server_->Get("/api/v1/users/me", headers), 400, "CANNOT_GET_OWN_USER_WITHOUT_USER");
        EXPECT_EQ(body, json({{"code", "CANNOT_GET_OWN_USER_WITHOUT_USER"},
                              {"error",
                               "You have specified 'me' as a userId, but did not provide authentication for a "
                               "user."}}));
        ExpectKnownError(Patch("/api/v1/users/me", {{"display_name", "x"}}, headers), 400,
                         "CANNOT_GET_OWN_USER_WITHOUT_USER");
    }
    ExpectKnownError(Delete("/api/v1/users/me", TestServer::ServerHeaders()), 400, "CANNOT_GET_OWN_USER_WITHOUT_USER");
    // The body is validated first.
    ExpectSchemaError(Patch("/api/v1/users/me", {{"server_metadata", 1}}, TestServer::ClientHeaders()), "PATCH",
                      "/api/v1/users/me", {"body contains unknown properties: server_metadata"});
    // A malformed token is an error of its own.
    ExpectKnownError(server_->Get("/api/v1/users/me", ClientAuth("12341234")), 401, "UNPARSABLE_ACCESS_TOKEN");
}

TEST_F(UsersTest, UnknownAndMalformedUserIds) {
    const std::string path = std::string("/api/v1/users/") + kUnknownUserId;
    ExpectKnownError(server_->Get(path, TestServer::ServerHeaders()), 404, "USER_NOT_FOUND");
    ExpectKnownError(Patch(path, {{"display_name", "x"}}, TestServer::ServerHeaders()), 404, "USER_NOT_FOUND");
    ExpectKnownError(Delete(path, TestServer::ServerHeaders()), 404, "USER_NOT_FOUND");
    ExpectSchemaError(server_->Get("/api/v1/users/not-a-uuid", TestServer::ServerHeaders()), "GET",
                      "/api/v1/users/not-a-uuid", {"params.user_id must be a valid UUID"});
}

TEST_F(UsersTest, ProjectsDoNotSeeEachOthersUsers) {
    const std::string project = "6d1f2a8e-3c4b-4e5f-8a9b-0c1d2e3f4a5b";
    const std::string key = "ssk_users-isolation-server-key";
    CreateProjectInDatabase(*server_, project, key);
    const auto other_headers = ServerHeadersFor(project, key);

    // The same auth email in both projects.
    const std::string email = UniqueEmail("tenant");
    const auto ours = CreateUser(*server_, {{"primary_email", email}, {"primary_email_auth_enabled", true}});
    const auto theirs =
        CreateUser(*server_, {{"primary_email", email}, {"primary_email_auth_enabled", true}}, other_headers);
    const std::string our_id = ours["id"];
    const std::string their_id = theirs["id"];

    ExpectKnownError(server_->Get("/api/v1/users/" + their_id, TestServer::ServerHeaders()), 404, "USER_NOT_FOUND");
    ExpectKnownError(server_->Get("/api/v1/users/" + our_id, other_headers), 404, "USER_NOT_FOUND");
    ExpectKnownError(Delete("/api/v1/users/" + their_id, TestServer::ServerHeaders()), 404, "USER_NOT_FOUND");
    EXPECT_EQ(ListIds("query=" + email), std::vector<std::string>({our_id}));
    EXPECT_EQ(Ids(server_->Get("/api/v1/users", other_headers)), std::vector<std::string>({their_id}));
    ExpectKnownError(
        server_->Post("/api/v1/auth/sessions", json{{"user_id", their_id}}.dump(), TestServer::ServerHeaders()), 400,
        "USER_ID_DOES_NOT_EXIST");

    // A token of the other project is refused here, and ours there.
    const auto their_tokens = CreateSession(*server_, their_id, other_headers);
    EXPECT_EQ(server_->Get("/api/v1/users/me", WithTokens(other_headers, their_tokens.access_token)).Json()["id"],
              their_id);
    auto body = ExpectKnownError(server_->Get("/api/v1/users/me", ClientAuth(their_tokens.access_token)), 401,
                                 "INVALID_PROJECT_FOR_ACCESS_TOKEN");
    EXPECT_EQ(body, json({{"code", "INVALID_PROJECT_FOR_ACCESS_TOKEN"},
                          {"details", {{"expected_project_id", "internal"}, {"actual_project_id", project}}},
                          {"error",
                           "Access token not valid for this project. Expected project ID \"internal\", but the "
                           "token is for project ID \"" +
                               project + "\"."}}));
    const auto our_tokens = CreateSession(*server_, our_id);
    body = ExpectKnownError(server_->Get("/api/v1/users/me", WithTokens(other_headers, our_tokens.access_token)), 401,
                            "INVALID_PROJECT_FOR_ACCESS_TOKEN");
    EXPECT_EQ(body["details"], json({{"expected_project_id", project}, {"actual_project_id", "internal"}}));
    // Refresh tokens are bound to their project too.
    ExpectKnownError(Refresh(*server_, their_tokens.refresh_token), 401, "REFRESH_TOKEN_NOT_FOUND_OR_EXPIRED");
    EXPECT_EQ(Refresh(*server_, their_tokens.refresh_token, other_headers).status, 200);
}

}  // namespace
}  // namespace stackd::testing
