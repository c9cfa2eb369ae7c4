// The official SDK's team features against stackd: create and list teams, invite by e-mail
// (the code read from the delivered message), check and accept the invitation, list
// members, check permissions, accept an invitation listed for a verified address, leave.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { clientApp as sdkClientApp, serverApp as sdkServerApp } from "./apps.js";
import { devKeys, startStackd } from "./server.js";
import { codeFromMessage, startSmtpSink } from "./smtp_sink.js";

let stackd;
let sink;
before(async () => {
  sink = await startSmtpSink();
  stackd = await startStackd(sink.env());
});
after(async () => {
  await stackd?.stop();
  await sink?.close();
});

const password = "correct horse battery";
const callbackUrl = "http://localhost:3000/handler/team-invitation";

function clientApp() {
  return sdkClientApp(stackd.baseUrl);
}

function serverApp() {
  return sdkServerApp(stackd.baseUrl);
}

async function signedUp(tag) {
  const app = clientApp();
  const email = `sdk-${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const result = await app.signUpWithCredential({ email, password, noVerificationCallback: true, noRedirect: true });
  assert.equal(result.status, "ok", JSON.stringify(result.error));
  return { app, email, user: await app.getUser({ or: "throw" }) };
}

// The internal project's team_admin has no $invite_members: grant it with the server key.
async function grantInvite(teamId, userId) {
  const response = await fetch(`${stackd.baseUrl}/api/v1/team-permissions/${teamId}/${userId}/$invite_members`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-stack-access-type": "server",
      "x-stack-project-id": "internal",
      "x-stack-secret-server-key": devKeys.secretServerKey,
    },
    body: "{}",
  });
  assert.equal(response.status, 201, await response.text());
}

test("create a team, invite by e-mail, accept the code, list members, leave", async () => {
  const owner = await signedUp("owner");
  const team = await owner.user.createTeam({ displayName: "SDK Team" });
  assert.equal(team.displayName, "SDK Team");
  const ownerTeams = await owner.user.listTeams();
  assert.ok(ownerTeams.some((listed) => listed.id === team.id));
  assert.equal(await owner.user.hasPermission(team, "$update_team"), true);
  assert.equal(await owner.user.hasPermission(team, "$invite_members"), false);

  await grantInvite(team.id, owner.user.id);
  const invitee = await signedUp("invitee");
  await team.inviteUser({ email: invitee.email, callbackUrl });
  const message = await sink.waitFor(invitee.email);
  assert.equal(message.subject, "You have been invited to join SDK Team");
  const code = codeFromMessage(message);
  assert.equal(code.length, 45);

  const invitations = await team.listInvitations();
  assert.deepEqual(invitations.map((invitation) => invitation.recipientEmail), [invitee.email]);

  const details = await invitee.app.getTeamInvitationDetails(code);
  assert.equal(details.status, "ok", JSON.stringify(details.error));
  assert.equal(details.data.teamDisplayName, "SDK Team");
  const accepted = await invitee.app.acceptTeamInvitation(code);
  assert.equal(accepted.status, "ok", JSON.stringify(accepted.error));
  const again = await invitee.app.acceptTeamInvitation(code);
  assert.equal(again.status, "error");
  assert.equal(again.error.errorCode, "VERIFICATION_CODE_ALREADY_USED");

  const inviteeTeams = await invitee.user.listTeams();
  const joined = inviteeTeams.find((listed) => listed.id === team.id);
  assert.ok(joined, "the invitee is a member");
  assert.equal(await invitee.user.hasPermission(joined, "$read_members"), true);
  assert.equal(await invitee.user.hasPermission(joined, "$remove_members"), false);

  const members = await team.listUsers();
  assert.deepEqual(members.map((member) => member.id).sort(), [owner.user.id, invitee.user.id].sort());

  await invitee.user.leaveTeam(joined);
  assert.equal((await invitee.user.listTeams()).some((listed) => listed.id === team.id), false);
});

test("an invitation to a verified address is listed for the user and accepted by id", async () => {
  const owner = await signedUp("owner2");
  const team = await owner.user.createTeam({ displayName: "Listed Team" });
  await grantInvite(team.id, owner.user.id);
  const invitee = await signedUp("verified");
  const serverUser = await serverApp().getUser(invitee.user.id);
  await serverUser.update({ primaryEmailVerified: true });

  await team.inviteUser({ email: invitee.email, callbackUrl });
  await sink.waitFor(invitee.email);
  const received = await invitee.user.listTeamInvitations();
  assert.equal(received.length, 1);
  assert.equal(received[0].teamDisplayName, "Listed Team");
  await received[0].accept();
  assert.ok((await invitee.user.listTeams()).some((listed) => listed.id === team.id));
  assert.equal((await invitee.user.listTeamInvitations()).length, 0);
});
