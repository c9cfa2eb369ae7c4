// The official SDK's StackAdminApp against stackd: a dashboard user creates a project, its
// admin app mints a project API key set, a StackAdminApp built from that key alone creates
// team and project permission definitions and a user API key, the pushed-config helpers
// work, and revoking the key set locks that app out.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { StackAdminApp } from "@stackframe/js";
import { clientApp } from "./apps.js";
import { startStackd } from "./server.js";

let stackd;
before(async () => {
  stackd = await startStackd();
});
after(async () => {
  await stackd?.stop();
});

const password = "correct horse battery";

async function signedUpDashboardUser() {
  const app = clientApp(stackd.baseUrl);
  const email = `sdk-admin-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const result = await app.signUpWithCredential({ email, password, noVerificationCallback: true, noRedirect: true });
  assert.equal(result.status, "ok", JSON.stringify(result.error));
  return await app.getUser({ or: "throw" });
}

function keyedAdminApp(projectId, keys) {
  return new StackAdminApp({
    baseUrl: stackd.baseUrl,
    projectId,
    publishableClientKey: keys.publishableClientKey,
    secretServerKey: keys.secretServerKey,
    superSecretAdminKey: keys.superSecretAdminKey,
    tokenStore: "memory",
    redirectMethod: "none",
  });
}

test("StackAdminApp creates a project, an API key and permission definitions", async () => {
  const user = await signedUpDashboardUser();
  const [team] = await user.listTeams();
  assert.ok(team, "sign-up in internal gives a personal team");

  const project = await user.createProject({ displayName: "SDK Admin Project", teamId: team.id });
  assert.equal(project.displayName, "SDK Admin Project");
  assert.equal(project.ownerTeamId, team.id);
  const owned = await user.listOwnedProjects();
  assert.ok(owned.some((listed) => listed.id === project.id));

  // The owner's StackAdminApp (admin access token) mints a full key set.
  const ownerApp = project.app;
  const expiresAt = new Date(Date.now() + 24 * 3600 * 1000);
  const keys = await ownerApp.createInternalApiKey({
    description: "SDK key set",
    expiresAt,
    hasPublishableClientKey: true,
    hasSecretServerKey: true,
    hasSuperSecretAdminKey: true,
  });
  assert.match(keys.publishableClientKey, /^pck_[0-9a-z]{45}$/);
  assert.match(keys.secretServerKey, /^ssk_[0-9a-z]{45}$/);
  assert.match(keys.superSecretAdminKey, /^sak_[0-9a-z]{45}$/);
  const listedKeys = await ownerApp.listInternalApiKeys();
  const listedKey = listedKeys.find((key) => key.id === keys.id);
  assert.ok(listedKey);
  assert.equal(listedKey.description, "SDK key set");
  assert.deepEqual(listedKey.superSecretAdminKey, { lastFour: keys.superSecretAdminKey.slice(-4) });
  assert.equal(listedKey.expiresAt.getTime(), expiresAt.getTime());
  assert.ok(listedKey.isValid());

  // A StackAdminApp built from the new keys alone.
  const keyed = keyedAdminApp(project.id, keys);
  const fetched = await keyed.getProject();
  assert.equal(fetched.id, project.id);
  assert.equal(fetched.displayName, "SDK Admin Project");

  const teamDefinition = await keyed.createTeamPermissionDefinition({
    id: "sdk_editor",
    description: "Edits things",
    containedPermissionIds: ["$read_members"],
  });
  assert.equal(teamDefinition.id, "sdk_editor");
  assert.equal(teamDefinition.description, "Edits things");
  assert.deepEqual(teamDefinition.containedPermissionIds, ["$read_members"]);
  const projectDefinition = await keyed.createProjectPermissionDefinition({
    id: "sdk_viewer",
    description: "Views things",
    containedPermissionIds: [],
  });
  assert.equal(projectDefinition.id, "sdk_viewer");

  // Both apps see the definitions.
  const teamDefinitions = await ownerApp.listTeamPermissionDefinitions();
  assert.deepEqual(
    teamDefinitions.find((definition) => definition.id === "sdk_editor")?.containedPermissionIds,
    ["$read_members"],
  );
  const projectDefinitions = await keyed.listProjectPermissionDefinitions();
  assert.ok(projectDefinitions.some((definition) => definition.id === "sdk_viewer"));

  // User API keys through the same app: switched on through the legacy config, minted for a
  // new user, and resolved back to that user by the check endpoint.
  await fetched.update({ config: { allowUserApiKeys: true } });
  const keyOwner = await keyed.createUser({ primaryEmail: `sdk-key-owner-${Date.now()}@example.com` });
  const userKey = await keyOwner.createApiKey({ description: "SDK user key", expiresAt: null });
  assert.equal(typeof userKey.value, "string");
  assert.match(userKey.value, /^sk_[0-9a-z]{77}user[0-3]574ck4u7h[0-9a-f]{8}$/);
  assert.equal(userKey.userId, keyOwner.id);
  const [listedUserKey] = await keyOwner.listApiKeys();
  assert.deepEqual(listedUserKey.value, { lastFour: userKey.value.slice(-4) });
  assert.equal((await keyed.getUser({ apiKey: userKey.value }))?.id, keyOwner.id);
  await listedUserKey.revoke();
  assert.equal((await keyOwner.listApiKeys())[0].whyInvalid(), "manually-revoked");

  // Revoking the key set locks the keyed app out at once.
  await listedKey.revoke();
  const revoked = (await ownerApp.listInternalApiKeys()).find((key) => key.id === keys.id);
  assert.equal(revoked.whyInvalid(), "manually-revoked");
  await assert.rejects(keyedAdminApp(project.id, keys).getProject());
});

test("pushed config: source, reset keys and unlink through the admin project", async () => {
  const user = await signedUpDashboardUser();
  const [team] = await user.listTeams();
  const project = await user.createProject({ displayName: "SDK Config Project", teamId: team.id });
  const admin = await project.app.getProject();

  assert.deepEqual(await admin.getPushedConfigSource(), { type: "unlinked" });
  await admin.pushConfig(
    { "teams.allowClientTeamCreation": true, "users.allowClientUserDeletion": true },
    { source: { type: "pushed-from-unknown" } },
  );
  assert.deepEqual(await admin.getPushedConfigSource(), { type: "pushed-from-unknown" });
  assert.equal((await admin.getConfig()).teams.allowClientTeamCreation, true);

  await admin.resetConfigOverrideKeys("branch", ["teams"]);
  assert.deepEqual(await admin.getConfigOverride("branch"), { "users.allowClientUserDeletion": true });
  assert.equal((await admin.getConfig()).teams.allowClientTeamCreation, false);

  await admin.unlinkPushedConfigSource();
  assert.deepEqual(await admin.getPushedConfigSource(), { type: "unlinked" });
  assert.deepEqual(await admin.getConfigOverride("branch"), { "users.allowClientUserDeletion": true });
});
