// /team-invitations (resources.md §12): send-code through the team_invitation email, the code
// routes (accept, check-code, details), listing, revoking and accepting by id; plus the
// teams gaps closed with them (GET /users?team_id=, the owner team).
#include <gtest/gtest.h>

#include "integration/api/v1/team_test_helpers.hpp"
#include "support/auth_helpers.hpp"
#include "support/email_test_server.hpp"

namespace stackd::testing {
namespace {

using nlohmann::json;

constexpr const char* kInviteUrl = "/api/v1/team-invitations";
constexpr int64_t kWeekMs = 7LL * 24 * 60 * 60 * 1000;

class TeamInvitationsTest : public ::testing::Test {
protected:
    void SetUp() override { env_ = std::make_unique<EmailTestServer>(); }

    const TestServer& server() const { return *env_->server; }
    const SmtpSink& sink() const { return *env_->sink; }

    HttpResponse Send(const std::string& team_id, const std::string& email,
                      const Headers& headers = TestServer::ServerHeaders(),
                      const std::string& callback = kCallbackUrl) const {
        return server().Post(std::string(kInviteUrl) + "/send-code",
                             json{{"team_id", team_id}, {"email", email}, {"callback_url", callback}}.dump(), headers);
    }
    // Sends an invitation with the server key; returns {invitation id, code from the email}.
    std::pair<std::string, std::string> Invite(const std::string& team_id, const std::string& email,
                                               size_t nth = 1) const {
        const auto response = Send(team_id, email);
        EXPECT_EQ(response.status, 200) << response.body;
        return {response.Json()["id"].get<std::string>(), SmtpSink::CodeFromLink(sink().WaitFor(email, nth))};
    }
    HttpResponse CodeRoute(const std::string& suffix, const std::string& code, const Headers& headers) const {
        return server().Post(std::string(kInviteUrl) + "/accept" + suffix, json{{"code", code}}.dump(), headers);
    }
    void GrantInvite(const std::string& team_id, const std::string& user_id) const {
        const auto granted = server().Post("/api/v1/team-permissions/" + team_id + "/" + user_id + "/$invite_members",
                                           "{}", TestServer::ServerHeaders());
        ASSERT_EQ(granted.status, 201) << granted.body;
    }

    std::unique_ptr<EmailTestServer> env_;
};

TEST_F(TeamInvitationsTest, InvitationEmailCodeDetailsAndAcceptAddTheMemberOnce) {
    const auto team = MakeTeam(server(), "Rocket Team");
    const std::string team_id = team["id"];
    const std::string email = UniqueEmail("invitee");
    const auto [id, code] = Invite(team_id, email);
    EXPECT_EQ(id.size(), 36u);
    ASSERT_EQ(code.size(), 45u);

    const auto message = sink().WaitFor(email);
    EXPECT_EQ(message.subject, "You have been invited to join Rocket Team");
    EXPECT_EQ(message.rcpt_to, std::vector<std::string>{email});
    EXPECT_NE(message.text.find("Please click the button below to join the team Rocket Team"), std::string::npos);
    EXPECT_NE(message.html.find("Join team"), std::string::npos);
    EXPECT_EQ(SmtpSink::LinkOf(message), std::string(kCallbackUrl) + "?code=" + code);

    // Pending: listed for the team with its recipient and a 7-day expiry.
    const auto listed = server().Get(std::string(kInviteUrl) + "?team_id=" + team_id, TestServer::ServerHeaders());
    ASSERT_EQ(listed.status, 200) << listed.body;
    const auto items = listed.Json()["items"];
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0]["id"], id);
    EXPECT_EQ(items[0]["team_id"], team_id);
    EXPECT_EQ(items[0]["team_display_name"], "Rocket Team");
    EXPECT_EQ(items[0]["recipient_email"], email);
    const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    EXPECT_NEAR(static_cast<double>(items[0]["expires_at_millis"].get<int64_t>()),
                static_cast<double>(now_ms + kWeekMs), 120000.0);
    EXPECT_EQ(listed.Json()["is_paginated"], false);

    // Any user may accept: the invited address is not compared.
    const auto user = MakeUser(server());
    const auto check = CodeRoute("/check-code", code, user.client());
    ASSERT_EQ(check.status, 200) << check.body;
    EXPECT_EQ(check.Json(), json({{"is_code_valid", true}}));
    const auto details = CodeRoute("/details", code, user.client());
    ASSERT_EQ(details.status, 200) << details.body;
    EXPECT_EQ(details.Json(), json({{"team_id", team_id}, {"team_display_name", "Rocket Team"}}));

    const auto accepted = CodeRoute("", code, user.client());
    ASSERT_EQ(accepted.status, 200) << accepted.body;
    EXPECT_EQ(accepted.Json(), json::object());
    // The member got the teamMember defaults.
    const auto permissions = server().Get("/api/v1/team-permissions?team_id=" + team_id + "&user_id=" + user.id,
                                          TestServer::ServerHeaders());
    EXPECT_EQ(ItemIds(permissions), std::vector<std::string>{"team_member"});
    // GET /users?team_id= lists exactly the members.
    EXPECT_EQ(ItemIds(server().Get("/api/v1/users?team_id=" + team_id, TestServer::ServerHeaders())),
              std::vector<std::string>{user.id});

    // Single use; no longer pending.
    ExpectKnownError(CodeRoute("", code, user.client()), 409, "VERIFICATION_CODE_ALREADY_USED");
    ExpectKnownError(CodeRoute("/check-code", code, user.client()), 409, "VERIFICATION_CODE_ALREADY_USED");
    EXPECT_TRUE(ItemIds(server().Get(std::string(kInviteUrl) + "?team_id=" + team_id, TestServer::ServerHeaders()))
                    .empty());

    // A second invitation for a member is a no-op success.
    const auto [second_id, second_code] = Invite(team_id, email, 2);
    ASSERT_EQ(CodeRoute("", second_code, user.client()).status, 200);
    EXPECT_EQ(ItemIds(server().Get("/api/v1/users?team_id=" + team_id, TestServer::ServerHeaders())).size(), 1u);
}

TEST_F(TeamInvitationsTest, SendCodeChecksCallerTeamAndCallback) {
    const auto admin = MakeUser(server());
    const auto team = MakeTeam(server(), "Perm Team", admin.id);
    const std::string team_id = team["id"];
    const std::string email = UniqueEmail("invitee");

    // Clients need a user, membership and $invite_members (the internal team_admin lacks it).
    ExpectKnownError(Send(team_id, email, TestServer::ClientHeaders()), 401, "USER_AUTHENTICATION_REQUIRED");
    const auto outsider = MakeUser(server());
    ExpectKnownError(Send(team_id, email, outsider.client()), 404, "TEAM_MEMBERSHIP_NOT_FOUND");
    ExpectKnownError(Send(team_id, email, admin.client()), 401, "TEAM_PERMISSION_REQUIRED");
    GrantInvite(team_id, admin.id);
    const auto sent = Send(team_id, email, admin.client());
    ASSERT_EQ(sent.status, 200) << sent.body;
    EXPECT_EQ(sent.Json()["success"], true);

    ExpectKnownError(Send(team_id, email, TestServer::ServerHeaders(), "https://evil.example.com/cb"), 400,
                     "REDIRECT_URL_NOT_WHITELISTED");
    ExpectKnownError(Send(kUnknownId, email), 404, "TEAM_NOT_FOUND");
    const auto bad = server().Post(std::string(kInviteUrl) + "/send-code",
                                   json{{"team_id", team_id}, {"email", "not-an-email"}, {"callback_url", kCallbackUrl}}
                                       .dump(),
                                   TestServer::ServerHeaders());
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.Header("x-stack-known-error"), "SCHEMA_ERROR");
    // The good invitation went out.
    EXPECT_EQ(sink().WaitFor(email).subject, "You have been invited to join Perm Team");
}

TEST_F(TeamInvitationsTest, CodeRoutesRejectBadMissingExpiredCodesAndRestrictedUsers) {
    const std::string team_id = MakeTeam(server(), "Code Team")["id"];
    const auto user = MakeUser(server());

    const auto short_code = CodeRoute("", "abc", user.client());
    EXPECT_EQ(short_code.status, 400);
    EXPECT_EQ(short_code.Header("x-stack-known-error"), "SCHEMA_ERROR");
    const auto extra = server().Post(std::string(kInviteUrl) + "/accept/details",
                                     json{{"code", std::string(45, 'a')}, {"x", 1}}.dump(), user.client());
    EXPECT_EQ(extra.Header("x-stack-known-error"), "SCHEMA_ERROR");
    const std::string unknown(45, 'a');
    for (const std::string suffix : {"", "/check-code", "/details"}) {
        ExpectKnownError(CodeRoute(suffix, unknown, user.client()), 404, "VERIFICATION_CODE_NOT_FOUND");
    }
    const auto no_access_type = server().Post(std::string(kInviteUrl) + "/accept/check-code",
                                              json{{"code", unknown}}.dump(), {});
    ExpectKnownError(no_access_type, 400, "ACCESS_TYPE_REQUIRED");

    // A user is required; the code is spent by the attempt anyway (as upstream).
    const auto [id, code] = Invite(team_id, UniqueEmail("nouser"));
    ExpectKnownError(CodeRoute("/details", code, TestServer::ClientHeaders()), 401, "USER_AUTHENTICATION_REQUIRED");
    ExpectKnownError(CodeRoute("", code, TestServer::ClientHeaders()), 401, "USER_AUTHENTICATION_REQUIRED");
    ExpectKnownError(CodeRoute("", code, user.client()), 409, "VERIFICATION_CODE_ALREADY_USED");

    // Restricted (anonymous) users cannot see or accept invitations.
    const std::string anon_email = UniqueEmail("anon");
    const auto [anon_id, anon_code] = Invite(team_id, anon_email);
    const auto anonymous = SignUpAnonymously(server());
    auto anonymous_headers = ClientAuth(anonymous.access_token);
    anonymous_headers.emplace_back("x-stack-allow-anonymous-user", "true");
    const auto details = ExpectKnownError(CodeRoute("/details", anon_code, anonymous_headers), 403,
                                          "TEAM_INVITATION_RESTRICTED_USER_NOT_ALLOWED");
    EXPECT_EQ(details["details"], json({{"restricted_reason", {{"type", "anonymous"}}}}));
    ExpectKnownError(CodeRoute("", anon_code, anonymous_headers), 403, "TEAM_INVITATION_RESTRICTED_USER_NOT_ALLOWED");
    ExpectKnownError(CodeRoute("", anon_code, user.client()), 409, "VERIFICATION_CODE_ALREADY_USED");

    // Expired after 7 days.
    const auto [late_id, late_code] = Invite(team_id, UniqueEmail("late"));
    SetClockOffset(server(), kWeekMs + 60 * 1000);
    // (The user's access token has expired too: the code routes need no user to get this far.)
    ExpectKnownError(CodeRoute("/check-code", late_code, TestServer::ClientHeaders()), 400,
                     "VERIFICATION_CODE_EXPIRED");
    ExpectKnownError(CodeRoute("", late_code, TestServer::ClientHeaders()), 400, "VERIFICATION_CODE_EXPIRED");
    EXPECT_TRUE(ItemIds(server().Get(std::string(kInviteUrl) + "?team_id=" + team_id, TestServer::ServerHeaders()))
                    .empty());
    SetClockOffset(server(), 0);
    // Deleted team: the code is valid but the team is gone.
    const auto [gone_id, gone_code] = Invite(team_id, UniqueEmail("gone"));
    ASSERT_EQ(Delete(server(), "/api/v1/teams/" + team_id, TestServer::ServerHeaders()).status, 200);
    ExpectKnownError(CodeRoute("/details", gone_code, user.client()), 404, "TEAM_NOT_FOUND");
    ExpectKnownError(CodeRoute("", gone_code, user.client()), 404, "TEAM_NOT_FOUND");
}

TEST_F(TeamInvitationsTest, ListingNeedsOneFilterAndTheMemberPermissions) {
    const auto admin = MakeUser(server());
    const std::string team_id = MakeTeam(server(), "List Team", admin.id)["id"];
    const auto member = MakeUser(server());
    ASSERT_EQ(AddMember(server(), team_id, member.id).status, 201);
    const auto [id, code] = Invite(team_id, UniqueEmail("listed"));

    ExpectTextError(server().Get(std::string(kInviteUrl), TestServer::ServerHeaders()), 400,
                    "Must specify either team_id or user_id");
    ExpectTextError(server().Get(std::string(kInviteUrl) + "?team_id=" + team_id + "&user_id=" + member.id,
                                 TestServer::ServerHeaders()),
                    400, "Cannot specify both team_id and user_id");
    ExpectKnownError(server().Get(std::string(kInviteUrl) + "?team_id=" + std::string(kUnknownId),
                                  TestServer::ServerHeaders()),
                     404, "TEAM_NOT_FOUND");

    // Clients: a member with $read_members and $invite_members.
    const std::string by_team = std::string(kInviteUrl) + "?team_id=" + team_id;
    ExpectKnownError(server().Get(by_team, MakeUser(server()).client()), 404, "TEAM_MEMBERSHIP_NOT_FOUND");
    const auto denied = ExpectKnownError(server().Get(by_team, member.client()), 401, "TEAM_PERMISSION_REQUIRED");
    EXPECT_NE(denied["error"].get<std::string>().find("$invite_members"), std::string::npos);
    GrantInvite(team_id, member.id);
    EXPECT_EQ(ItemIds(server().Get(by_team, member.client())), std::vector<std::string>{id});

    // By user: only one's own, and only to verified addresses.
    ExpectKnownError(server().Get(std::string(kInviteUrl) + "?user_id=" + admin.id, member.client()), 400,
                     "CANNOT_GET_OWN_USER_WITHOUT_USER");
    EXPECT_TRUE(ItemIds(server().Get(std::string(kInviteUrl) + "?user_id=me", member.client())).empty());
}

TEST_F(TeamInvitationsTest, AcceptByIdNeedsAVerifiedMatchingEmail) {
    const std::string team_id = MakeTeam(server(), "Id Team")["id"];
    const std::string email = UniqueEmail("verified");
    const auto verified = MakeUser(server(), {{"primary_email", email}, {"primary_email_verified", true}});
    const std::string unverified_email = UniqueEmail("unverified");
    const auto unverified = MakeUser(server(), {{"primary_email", unverified_email}});
    const auto [id, code] = Invite(team_id, email);
    const auto [other_id, other_code] = Invite(team_id, unverified_email);

    const auto mine = server().Get(std::string(kInviteUrl) + "?user_id=me", verified.client());
    ASSERT_EQ(mine.status, 200) << mine.body;
    ASSERT_EQ(mine.Json()["items"].size(), 1u);
    EXPECT_EQ(mine.Json()["items"][0]["id"], id);
    EXPECT_EQ(mine.Json()["items"][0]["team_display_name"], "Id Team");
    EXPECT_TRUE(ItemIds(server().Get(std::string(kInviteUrl) + "?user_id=" + unverified.id,
                                     TestServer::ServerHeaders()))
                    .empty());

    const auto accept = [&](const std::string& invitation, const std::string& user_id, const Headers& headers) {
        return server().Request("POST", std::string(kInviteUrl) + "/" + invitation + "/accept?user_id=" + user_id,
                                headers);
    };
    ExpectKnownError(accept(id, verified.id, unverified.client()), 400, "CANNOT_GET_OWN_USER_WITHOUT_USER");
    ExpectKnownError(accept(other_id, "me", unverified.client()), 404, "VERIFICATION_CODE_NOT_FOUND");
    ExpectKnownError(accept(kUnknownId, "me", verified.client()), 404, "VERIFICATION_CODE_NOT_FOUND");
    const auto ok = accept(id, "me", verified.client());
    ASSERT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(ok.Json(), json::object());
    EXPECT_EQ(ItemIds(server().Get("/api/v1/users?team_id=" + team_id, TestServer::ServerHeaders())),
              std::vector<std::string>{verified.id});
    ExpectKnownError(accept(id, "me", verified.client()), 404, "VERIFICATION_CODE_NOT_FOUND");
    ExpectKnownError(CodeRoute("", code, verified.client()), 409, "VERIFICATION_CODE_ALREADY_USED");
    // The server may accept for a user directly.
    ExpectKnownError(accept(other_id, unverified.id, TestServer::ServerHeaders()), 404,
                     "VERIFICATION_CODE_NOT_FOUND");
}

TEST_F(TeamInvitationsTest, RevokeNeedsTheTeamAndRemoveMembers) {
    const auto admin = MakeUser(server());
    const std::string team_id = MakeTeam(server(), "Revoke Team", admin.id)["id"];
    const std::string other_team = MakeTeam(server(), "Other Team")["id"];
    const auto member = MakeUser(server());
    ASSERT_EQ(AddMember(server(), team_id, member.id).status, 201);
    const auto [id, code] = Invite(team_id, UniqueEmail("revoked"));
    const std::string path = std::string(kInviteUrl) + "/" + id;

    ExpectTextError(Delete(server(), path, TestServer::ServerHeaders()), 400,
                    "team_id is required for deleting a team invitation");
    ExpectKnownError(Delete(server(), path + "?team_id=" + kUnknownId, TestServer::ServerHeaders()), 404,
                     "TEAM_NOT_FOUND");
    ExpectKnownError(Delete(server(), path + "?team_id=" + other_team, TestServer::ServerHeaders()), 404,
                     "VERIFICATION_CODE_NOT_FOUND");
    ExpectKnownError(Delete(server(), path + "?team_id=" + team_id, member.client()), 401,
                     "TEAM_PERMISSION_REQUIRED");
    const auto deleted = Delete(server(), path + "?team_id=" + team_id, admin.client());
    ASSERT_EQ(deleted.status, 200) << deleted.body;
    EXPECT_EQ(deleted.Json(), json({{"success", true}}));
    ExpectKnownError(CodeRoute("", code, member.client()), 404, "VERIFICATION_CODE_NOT_FOUND");
    ExpectKnownError(Delete(server(), path + "?team_id=" + team_id, TestServer::ServerHeaders()), 404,
                     "VERIFICATION_CODE_NOT_FOUND");
    const auto bad_id = Delete(server(), std::string(kInviteUrl) + "/nope?team_id=" + team_id,
                               TestServer::ServerHeaders());
    EXPECT_EQ(bad_id.Header("x-stack-known-error"), "SCHEMA_ERROR");
}

TEST(TeamGapsTest, TheInternalOwnerTeamIsSeeded) {
    TestServer server;
    const auto owner = server.Get("/api/v1/teams/a23e1b7f-ab18-41fc-9ee6-7a9ca9fa543c", TestServer::ServerHeaders());
    ASSERT_EQ(owner.status, 200) << owner.body;
    EXPECT_EQ(owner.Json()["display_name"], "Internal Team");
}

}  // namespace
}  // namespace stackd::testing
