// Webhook events (platform.md §3.2): every change upstream announces writes exactly one
// outbox row per event, in the change's own transaction, with upstream's type and `data`
// (the server read objects for users and teams). Failed or rolled-back changes write none.
// No Svix is configured here, so every row stays pending.
#include <gtest/gtest.h>

#include "integration/webhooks/webhook_rows.hpp"
#include "support/email_test_server.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

class WebhookEventsTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        server_ = new TestServer();
        log_ = new WebhookLog(*server_);
    }
    static void TearDownTestSuite() {
        delete log_;
        delete server_;
        log_ = nullptr;
        server_ = nullptr;
    }
    // Each test starts from the rows its predecessors left.
    void SetUp() override { log_->TakeNew(); }

    static const TestServer& server() { return *server_; }
    static std::vector<WebhookRow> NewRows() { return log_->TakeNew(); }
    static json ServerTeam(const std::string& team_id) {
        const auto team = server_->Get("/api/v1/teams/" + team_id, TestServer::ServerHeaders());
        EXPECT_EQ(team.status, 200) << team.body;
        return team.Json();
    }

    static TestServer* server_;
    static WebhookLog* log_;
};
TestServer* WebhookEventsTest::server_ = nullptr;
WebhookLog* WebhookEventsTest::log_ = nullptr;

TEST_F(WebhookEventsTest, CreatingAUserAnnouncesItAndItsPersonalTeam) {
    const json user = CreateUser(server(), {{"primary_email", UniqueEmail("hook")}, {"display_name", "Ada"}});
    const auto rows = NewRows();
    EXPECT_EQ(SortedTypes(rows), (std::vector<std::string>{"team.created", "user.created"}));
    const auto created = OnlyOfType(rows, "user.created");
    // Upstream sends the user as it was before its personal team existed: the POST's answer.
    EXPECT_EQ(created.data, user);
    EXPECT_EQ(created.project_id, "internal");
    EXPECT_EQ(created.status, "pending");
    EXPECT_EQ(created.attempts, 0);
    // Exactly the server user's fields, as upstream's user.created payloads carry them.
    std::vector<std::string> keys;
    for (const auto& [key, value] : created.data.items()) {
        keys.push_back(key);
    }
    EXPECT_EQ(keys, (std::vector<std::string>{"auth_with_email",
                                              "client_metadata",
                                              "client_read_only_metadata",
                                              "country_code",
                                              "display_name",
                                              "has_password",
                                              "id",
                                              "is_anonymous",
                                              "is_restricted",
                                              "last_active_at_millis",
                                              "oauth_providers",
                                              "otp_auth_enabled",
                                              "passkey_auth_enabled",
                                              "primary_email",
                                              "primary_email_auth_enabled",
                                              "primary_email_verified",
                                              "profile_image_url",
                                              "requires_totp_mfa",
                                              "restricted_by_admin",
                                              "restricted_by_admin_private_details",
                                              "restricted_by_admin_reason",
                                              "restricted_reason",
                                              "risk_scores",
                                              "selected_team",
                                              "selected_team_id",
                                              "server_metadata",
                                              "signed_up_at_millis"}));
    EXPECT_EQ(created.data["risk_scores"], json({{"sign_up", {{"bot", 0}, {"free_trial_abuse", 0}}}}));
    EXPECT_EQ(created.data["selected_team"], nullptr);
    const auto team = OnlyOfType(rows, "team.created");
    EXPECT_EQ(team.data["display_name"], "Ada's Team");
    EXPECT_EQ(team.data, ServerTeam(team.data["id"]));
}

TEST_F(WebhookEventsTest, UpdatingAUserSendsTheUpdatedServerObject) {
    const json user = CreateUser(server(), {{"display_name", "Before"}});
    NewRows();
    const auto patched =
        SendJson(server(), "PATCH", "/api/v1/users/" + user["id"].get<std::string>(),
                 {{"display_name", "After"}, {"server_metadata", {{"tier", 2}}}}, TestServer::ServerHeaders());
    ASSERT_EQ(patched.status, 200) << patched.body;
    const auto rows = NewRows();
    ASSERT_EQ(SortedTypes(rows), std::vector<std::string>{"user.updated"});
    EXPECT_EQ(rows[0].data, patched.Json());

    // The client's own update goes through the same handler.
    const auto tokens = CreateSession(server(), user["id"]);
    const auto own =
        SendJson(server(), "PATCH", "/api/v1/users/me", {{"display_name", "Mine"}}, ClientAuth(tokens.access_token));
    ASSERT_EQ(own.status, 200) << own.body;
    const auto own_rows = NewRows();
    ASSERT_EQ(SortedTypes(own_rows), std::vector<std::string>{"user.updated"});
    EXPECT_EQ(own_rows[0].data["display_name"], "Mine");
    EXPECT_EQ(own_rows[0].data["server_metadata"], json({{"tier", 2}}));  // the server view
}

TEST_F(WebhookEventsTest, DeletingAUserEndsEachMembershipThenTheUser) {
    const json user = CreateUser(server(), {{"display_name", "Leaver"}});
    const std::string user_id = user["id"];
    const std::string personal_team =
        ItemIds(server().Get("/api/v1/teams?user_id=" + user_id, TestServer::ServerHeaders())).at(0);
    const std::string club = MakeTeam(server(), "Club")["id"];
    ASSERT_EQ(AddMember(server(), club, user_id).status, 201);
    NewRows();

    ASSERT_EQ(Delete(server(), "/api/v1/users/" + user_id, TestServer::ServerHeaders()).status, 200);
    const auto rows = NewRows();
    EXPECT_EQ(SortedTypes(rows),
              (std::vector<std::string>{"team_membership.deleted", "team_membership.deleted", "user.deleted"}));
    std::set<json> memberships;
    for (const auto& row : rows) {
        if (row.type == "team_membership.deleted") {
            memberships.insert(row.data);
        }
    }
    EXPECT_EQ(memberships, (std::set<json>{{{"team_id", personal_team}, {"user_id", user_id}},
                                           {{"team_id", club}, {"user_id", user_id}}}));
    // Teams in the order they were created.
    EXPECT_EQ(OnlyOfType(rows, "user.deleted").data,
              json({{"id", user_id}, {"teams", {{{"id", personal_team}}, {{"id", club}}}}}));

    ExpectKnownError(Delete(server(), "/api/v1/users/" + user_id, TestServer::ServerHeaders()), 404, "USER_NOT_FOUND");
    EXPECT_TRUE(NewRows().empty());
}

TEST_F(WebhookEventsTest, TeamCrudSendsOneEventEachAndNothingForTheCreatorOrTheMembers) {
    const auto creator = MakeUser(server());
    NewRows();
    const json team = MakeTeam(server(), "Crew", creator.id);
    const std::string team_id = team["id"];
    auto rows = NewRows();
    ASSERT_EQ(SortedTypes(rows), std::vector<std::string>{"team.created"});
    EXPECT_EQ(rows[0].data, team);

    const auto patched =
        SendJson(server(), "PATCH", "/api/v1/teams/" + team_id,
                 {{"display_name", "Crew 2"}, {"client_metadata", {{"a", 1}}}}, TestServer::ServerHeaders());
    ASSERT_EQ(patched.status, 200) << patched.body;
    rows = NewRows();
    ASSERT_EQ(SortedTypes(rows), std::vector<std::string>{"team.updated"});
    EXPECT_EQ(rows[0].data, patched.Json());

    ASSERT_EQ(Delete(server(), "/api/v1/teams/" + team_id, TestServer::ServerHeaders()).status, 200);
    rows = NewRows();
    ASSERT_EQ(SortedTypes(rows), std::vector<std::string>{"team.deleted"});
    EXPECT_EQ(rows[0].data, json({{"id", team_id}}));

    ExpectKnownError(Delete(server(), "/api/v1/teams/" + team_id, TestServer::ServerHeaders()), 404, "TEAM_NOT_FOUND");
    ExpectKnownError(
        SendJson(server(), "PATCH", "/api/v1/teams/" + team_id, {{"display_name", "x"}}, TestServer::ServerHeaders()),
        404, "TEAM_NOT_FOUND");
    EXPECT_TRUE(NewRows().empty());
}

TEST_F(WebhookEventsTest, ClientTeamChangesAreAnnouncedOnlyWhenAllowed) {
    const auto member = MakeUser(server());
    const std::string team_id = MakeTeam(server(), "Guarded")["id"];
    ASSERT_EQ(AddMember(server(), team_id, member.id).status, 201);
    NewRows();
    // team_member lacks $update_team and $delete_team: refused, nothing announced.
    ExpectKnownError(
        SendJson(server(), "PATCH", "/api/v1/teams/" + team_id, {{"display_name", "Mine"}}, member.client()), 401,
        "TEAM_PERMISSION_REQUIRED");
    ExpectKnownError(Delete(server(), "/api/v1/teams/" + team_id, member.client()), 401, "TEAM_PERMISSION_REQUIRED");
    EXPECT_TRUE(NewRows().empty());
}

TEST_F(WebhookEventsTest, MembershipsAnnounceTheMemberAndItsDefaultPermissions) {
    const auto user = MakeUser(server());
    const std::string team_id = MakeTeam(server(), "Joinable")["id"];
    NewRows();
    ASSERT_EQ(AddMember(server(), team_id, user.id).status, 201);
    auto rows = NewRows();
    EXPECT_EQ(SortedTypes(rows), (std::vector<std::string>{"team_membership.created", "team_permission.created"}));
    EXPECT_EQ(OnlyOfType(rows, "team_membership.created").data, json({{"team_id", team_id}, {"user_id", user.id}}));
    EXPECT_EQ(OnlyOfType(rows, "team_permission.created").data,
              json({{"id", "team_member"}, {"team_id", team_id}, {"user_id", user.id}}));

    ExpectKnownError(AddMember(server(), team_id, user.id), 409, "TEAM_MEMBERSHIP_ALREADY_EXISTS");
    ExpectKnownError(AddMember(server(), team_id, kUnknownId), 404, "USER_NOT_FOUND");
    EXPECT_TRUE(NewRows().empty());

    // Leaving: the member itself, with its client token.
    ASSERT_EQ(Delete(server(), "/api/v1/team-memberships/" + team_id + "/me", user.client()).status, 200);
    rows = NewRows();
    ASSERT_EQ(SortedTypes(rows), std::vector<std::string>{"team_membership.deleted"});
    EXPECT_EQ(rows[0].data, json({{"team_id", team_id}, {"user_id", user.id}}));
    ExpectKnownError(
        Delete(server(), "/api/v1/team-memberships/" + team_id + "/" + user.id, TestServer::ServerHeaders()), 404,
        "TEAM_MEMBERSHIP_NOT_FOUND");
    EXPECT_TRUE(NewRows().empty());
}

TEST_F(WebhookEventsTest, TeamPermissionGrantsAndRevocations) {
    const auto user = MakeUser(server());
    const std::string team_id = MakeTeam(server(), "Perms", user.id)["id"];
    NewRows();
    const std::string path = "/api/v1/team-permissions/" + team_id + "/" + user.id + "/$invite_members";
    ASSERT_EQ(server().Post(path, "{}", TestServer::ServerHeaders()).status, 201);
    auto rows = NewRows();
    ASSERT_EQ(SortedTypes(rows), std::vector<std::string>{"team_permission.created"});
    EXPECT_EQ(rows[0].data, json({{"id", "$invite_members"}, {"team_id", team_id}, {"user_id", user.id}}));

    ASSERT_EQ(Delete(server(), path, TestServer::ServerHeaders()).status, 200);
    rows = NewRows();
    ASSERT_EQ(SortedTypes(rows), std::vector<std::string>{"team_permission.deleted"});
    EXPECT_EQ(rows[0].data, json({{"id", "$invite_members"}, {"team_id", team_id}, {"user_id", user.id}}));

    ExpectKnownError(Delete(server(), path, TestServer::ServerHeaders()), 401, "TEAM_PERMISSION_NOT_FOUND");
    ExpectKnownError(server().Post("/api/v1/team-permissions/" + team_id + "/" + user.id + "/no_such_permission", "{}",
                                   TestServer::ServerHeaders()),
                     404, "PERMISSION_NOT_FOUND");
    EXPECT_TRUE(NewRows().empty());
}

TEST_F(WebhookEventsTest, ProjectPermissionGrantsAndRevocations) {
    ASSERT_EQ(server()
                  .Post("/api/v1/project-permission-definitions", json{{"id", "hook_viewer"}}.dump(),
                        TestServer::AdminHeaders())
                  .status,
              201);
    const auto user = MakeUser(server());
    NewRows();
    const std::string path = "/api/v1/project-permissions/" + user.id + "/hook_viewer";
    ASSERT_EQ(server().Post(path, "{}", TestServer::ServerHeaders()).status, 201);
    auto rows = NewRows();
    ASSERT_EQ(SortedTypes(rows), std::vector<std::string>{"project_permission.created"});
    EXPECT_EQ(rows[0].data, json({{"id", "hook_viewer"}, {"user_id", user.id}}));

    ASSERT_EQ(Delete(server(), path, TestServer::ServerHeaders()).status, 200);
    rows = NewRows();
    ASSERT_EQ(SortedTypes(rows), std::vector<std::string>{"project_permission.deleted"});
    EXPECT_EQ(rows[0].data, json({{"id", "hook_viewer"}, {"user_id", user.id}}));

    ExpectKnownError(Delete(server(), path, TestServer::ServerHeaders()), 404, "PERMISSION_NOT_FOUND");
    ExpectKnownError(server().Post("/api/v1/project-permissions/" + std::string(kUnknownId) + "/hook_viewer", "{}",
                                   TestServer::ServerHeaders()),
                     404, "USER_NOT_FOUND");
    EXPECT_TRUE(NewRows().empty());
}

TEST_F(WebhookEventsTest, SignUpFlowsAnnounceTheNewUser) {
    const std::string email = UniqueEmail("hook-signup");
    const auto signed_up = SignUp(server(), email);
    auto rows = NewRows();
    EXPECT_EQ(SortedTypes(rows), (std::vector<std::string>{"team.created", "user.created"}));
    const auto user = OnlyOfType(rows, "user.created");
    EXPECT_EQ(user.data["id"], signed_up.user_id);
    EXPECT_EQ(user.data["primary_email"], email);
    EXPECT_EQ(user.data["has_password"], true);
    EXPECT_EQ(OnlyOfType(rows, "team.created").data["display_name"], email + "'s Team");

    const auto anonymous = SignUpAnonymously(server());
    rows = NewRows();
    EXPECT_EQ(SortedTypes(rows), (std::vector<std::string>{"team.created", "user.created"}));
    EXPECT_EQ(OnlyOfType(rows, "user.created").data["is_anonymous"], true);
    EXPECT_EQ(OnlyOfType(rows, "team.created").data["display_name"], "Personal Team");

    // Signing up with an anonymous session upgrades that user: one user.updated, no creation.
    const std::string upgraded_email = UniqueEmail("hook-upgrade");
    auto anonymous_headers = ClientAuth(anonymous.access_token);
    anonymous_headers.emplace_back("x-stack-allow-anonymous-user", "true");
    const auto upgrade =
        server().Post("/api/v1/auth/password/sign-up",
                      json{{"email", upgraded_email}, {"password", kTestPassword}}.dump(), anonymous_headers);
    ASSERT_EQ(upgrade.status, 200) << upgrade.body;
    rows = NewRows();
    ASSERT_EQ(SortedTypes(rows), std::vector<std::string>{"user.updated"});
    EXPECT_EQ(rows[0].data["id"], anonymous.user_id);
    EXPECT_EQ(rows[0].data["is_anonymous"], false);
    EXPECT_EQ(rows[0].data["has_password"], true);
    EXPECT_EQ(rows[0].data["primary_email"], upgraded_email);

    // A refused sign-up announces nothing.
    ExpectKnownError(
        server().Post("/api/v1/auth/password/sign-up", json{{"email", email}, {"password", kTestPassword}}.dump(),
                      TestServer::ClientHeaders()),
        409, "USER_EMAIL_ALREADY_EXISTS");
    EXPECT_TRUE(NewRows().empty());
}

TEST_F(WebhookEventsTest, ARolledBackChangeLeavesNoEventAndEventsAreKeptPerProject) {
    // A project with upstream's defaults: no personal teams, password sign-in off.
    CreateProjectInDatabase(server(), "hooks-second", "hooks-second-key");
    const auto headers = ServerHeadersFor("hooks-second", "hooks-second-key");
    const json user = CreateUser(server(), {{"display_name", "Other"}}, headers);
    auto rows = NewRows();
    ASSERT_EQ(SortedTypes(rows), std::vector<std::string>{"user.created"});
    EXPECT_EQ(rows[0].project_id, "hooks-second");

    // The update writes the new name, then fails on the password: all of it rolls back,
    // user.updated included.
    const std::string path = "/api/v1/users/" + user["id"].get<std::string>();
    ExpectTextError(
        SendJson(server(), "PATCH", path, {{"display_name", "Renamed"}, {"password", kTestPassword}}, headers), 400,
        "Password auth not enabled in the project");
    EXPECT_EQ(server().Get(path, headers).Json()["display_name"], "Other");
    EXPECT_TRUE(NewRows().empty());

    ExpectTextError(SendJson(server(), "POST", "/api/v1/users",
                             {{"password", kTestPassword}, {"primary_email", UniqueEmail("x")}}, headers),
                    400, "Password auth not enabled in the project");
    EXPECT_TRUE(NewRows().empty());
}

// Flows that go through an emailed code: OTP sign-up, password reset, invitations.
class WebhookEmailFlowsTest : public ::testing::Test {
protected:
    void SetUp() override {
        env_ = std::make_unique<EmailTestServer>();
        log_ = std::make_unique<WebhookLog>(*env_->server);
    }
    const TestServer& server() const { return *env_->server; }
    std::string CodeSentTo(const std::string& email, size_t nth = 1) const {
        return SmtpSink::CodeFromLink(env_->sink->WaitFor(email, nth));
    }

    std::unique_ptr<EmailTestServer> env_;
    std::unique_ptr<WebhookLog> log_;
};

TEST_F(WebhookEmailFlowsTest, OtpSignUpAnnouncesTheNewUserOnceAndSignInNothing) {
    const std::string email = UniqueEmail("hook-otp");
    auto send = [&] {
        const auto sent =
            server().Post("/api/v1/auth/otp/send-sign-in-code",
                          json{{"email", email}, {"callback_url", kCallbackUrl}}.dump(), TestServer::ClientHeaders());
        ASSERT_EQ(sent.status, 200) << sent.body;
    };
    send();
    const auto signed_up = server().Post("/api/v1/auth/otp/sign-in", json{{"code", CodeSentTo(email)}}.dump(),
                                         TestServer::ClientHeaders());
    ASSERT_EQ(signed_up.status, 200) << signed_up.body;
    auto rows = log_->TakeNew();
    EXPECT_EQ(SortedTypes(rows), (std::vector<std::string>{"team.created", "user.created"}));
    const auto user = OnlyOfType(rows, "user.created");
    EXPECT_EQ(user.data["id"], signed_up.Json()["user_id"]);
    EXPECT_EQ(user.data["otp_auth_enabled"], true);
    EXPECT_EQ(user.data["primary_email_verified"], true);

    send();
    const auto signed_in = server().Post("/api/v1/auth/otp/sign-in", json{{"code", CodeSentTo(email, 2)}}.dump(),
                                         TestServer::ClientHeaders());
    ASSERT_EQ(signed_in.status, 200) << signed_in.body;
    EXPECT_TRUE(log_->TakeNew().empty());
}

TEST_F(WebhookEmailFlowsTest, PasswordResetIsAUserUpdate) {
    const std::string email = UniqueEmail("hook-reset");
    const auto user = SignUp(server(), email);
    const auto sent =
        server().Post("/api/v1/auth/password/send-reset-code",
                      json{{"email", email}, {"callback_url", kCallbackUrl}}.dump(), TestServer::ClientHeaders());
    ASSERT_EQ(sent.status, 200) << sent.body;
    const std::string code = CodeSentTo(email);
    log_->TakeNew();
    const auto short_password = server().Post(
        "/api/v1/auth/password/reset", json{{"code", code}, {"password", "x"}}.dump(), TestServer::ClientHeaders());
    EXPECT_EQ(short_password.status, 400) << short_password.body;
    EXPECT_TRUE(log_->TakeNew().empty());

    const auto sent_again =
        server().Post("/api/v1/auth/password/send-reset-code",
                      json{{"email", email}, {"callback_url", kCallbackUrl}}.dump(), TestServer::ClientHeaders());
    ASSERT_EQ(sent_again.status, 200) << sent_again.body;
    const auto reset = server().Post("/api/v1/auth/password/reset",
                                     json{{"code", CodeSentTo(email, 2)}, {"password", "new-password-123"}}.dump(),
                                     TestServer::ClientHeaders());
    ASSERT_EQ(reset.status, 200) << reset.body;
    const auto rows = log_->TakeNew();
    ASSERT_EQ(SortedTypes(rows), std::vector<std::string>{"user.updated"});
    EXPECT_EQ(rows[0].data["id"], user.user_id);
    EXPECT_EQ(rows[0].data["has_password"], true);
}

TEST_F(WebhookEmailFlowsTest, AcceptingAnInvitationIsAMembershipCreation) {
    const std::string team_id = MakeTeam(server(), "Invite Club")["id"];
    const std::string email = UniqueEmail("hook-invitee");
    const auto sent = server().Post("/api/v1/team-invitations/send-code",
                                    json{{"team_id", team_id}, {"email", email}, {"callback_url", kCallbackUrl}}.dump(),
                                    TestServer::ServerHeaders());
    ASSERT_EQ(sent.status, 200) << sent.body;
    const std::string code = CodeSentTo(email);
    const auto invitee = MakeUser(server());
    log_->TakeNew();

    const auto accepted =
        server().Post("/api/v1/team-invitations/accept", json{{"code", code}}.dump(), invitee.client());
    ASSERT_EQ(accepted.status, 200) << accepted.body;
    const auto rows = log_->TakeNew();
    EXPECT_EQ(SortedTypes(rows), (std::vector<std::string>{"team_membership.created", "team_permission.created"}));
    EXPECT_EQ(OnlyOfType(rows, "team_membership.created").data, json({{"team_id", team_id}, {"user_id", invitee.id}}));
    EXPECT_EQ(OnlyOfType(rows, "team_permission.created").data,
              json({{"id", "team_member"}, {"team_id", team_id}, {"user_id", invitee.id}}));

    // A second invitation for a member adds nothing and announces nothing.
    ASSERT_EQ(server()
                  .Post("/api/v1/team-invitations/send-code",
                        json{{"team_id", team_id}, {"email", email}, {"callback_url", kCallbackUrl}}.dump(),
                        TestServer::ServerHeaders())
                  .status,
              200);
    const auto again =
        server().Post("/api/v1/team-invitations/accept", json{{"code", CodeSentTo(email, 2)}}.dump(), invitee.client());
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_TRUE(log_->TakeNew().empty());
}

}  // namespace
}  // namespace stackd::testing
