// The official client and server SDKs, unchanged, against stackd: sign up, sign in, read
// and update the current user, refresh, list sessions, sign out, and a StackServerApp
// listing and updating users.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { clientApp as sdkClientApp, serverApp as sdkServerApp } from "./apps.js";
import { startStackd } from "./server.js";

let stackd;
before(async () => {
  stackd = await startStackd();
});
after(async () => {
  await stackd?.stop();
});

function clientApp() {
  return sdkClientApp(stackd.baseUrl);
}

function serverApp() {
  return sdkServerApp(stackd.baseUrl);
}

const password = "correct horse battery";

test("sign up, read and update the current user", async () => {
  const app = clientApp();
  const email = `sdk-signup-${Date.now()}@example.com`;
  const result = await app.signUpWithCredential({ email, password, noVerificationCallback: true, noRedirect: true });
  assert.equal(result.status, "ok", JSON.stringify(result.error));

  const user = await app.getUser({ or: "throw" });
  assert.equal(user.primaryEmail, email);
  assert.equal(user.primaryEmailVerified, false);
  assert.equal(user.hasPassword, true);
  assert.equal(user.isAnonymous, false);

  await user.update({ displayName: "Ann SDK", clientMetadata: { theme: "dark" } });
  const reread = await clientApp().getUser();  // a fresh app has no session: null
  assert.equal(reread, null);
  const again = await app.getUser({ or: "throw" });
  assert.equal(again.displayName, "Ann SDK");
  assert.deepEqual(again.clientMetadata, { theme: "dark" });
});

test("sign in with the wrong and the right password", async () => {
  const email = `sdk-signin-${Date.now()}@example.com`;
  const signUp = await clientApp().signUpWithCredential({ email, password, noVerificationCallback: true, noRedirect: true });
  assert.equal(signUp.status, "ok");

  const app = clientApp();
  const wrong = await app.signInWithCredential({ email, password: "not the password", noRedirect: true });
  assert.equal(wrong.status, "error");
  assert.equal(wrong.error.errorCode, "EMAIL_PASSWORD_MISMATCH");

  const right = await app.signInWithCredential({ email: email.toUpperCase(), password, noRedirect: true });
  assert.equal(right.status, "ok", JSON.stringify(right.error));
  const user = await app.getUser({ or: "throw" });
  assert.equal(user.primaryEmail, email);
});

test("an expired access token is refreshed transparently", async () => {
  const app = clientApp();
  const email = `sdk-refresh-${Date.now()}@example.com`;
  assert.equal((await app.signUpWithCredential({ email, password, noVerificationCallback: true, noRedirect: true })).status, "ok");
  const before = await app.getUser({ or: "throw" });
  const { accessToken: firstToken } = await before.getAuthJson();
  try {
    // Two hours on the server's clock: the SDK's token is now expired there, the server
    // answers ACCESS_TOKEN_EXPIRED, and the SDK must refresh with its refresh token.
    await stackd.setClockOffset(2 * 60 * 60 * 1000);
    await before.update({ displayName: "after refresh" });
    const user = await app.getUser({ or: "throw" });
    assert.equal(user.displayName, "after refresh");
    const { accessToken: secondToken } = await user.getAuthJson();
    assert.notEqual(secondToken, firstToken);
  } finally {
    await stackd.setClockOffset(0);
  }
});

test("sessions are listed and signing out ends the session", async () => {
  const email = `sdk-sessions-${Date.now()}@example.com`;
  const first = clientApp();
  assert.equal((await first.signUpWithCredential({ email, password, noVerificationCallback: true, noRedirect: true })).status, "ok");
  const second = clientApp();
  assert.equal((await second.signInWithCredential({ email, password, noRedirect: true })).status, "ok");

  const user = await second.getUser({ or: "throw" });
  const sessions = await user.getActiveSessions();
  assert.equal(sessions.length, 2);
  assert.equal(sessions.filter((session) => session.isCurrentSession).length, 1);

  await user.signOut();
  assert.equal(await second.getUser(), null);
  const remaining = await (await first.getUser({ or: "throw" })).getActiveSessions();
  assert.equal(remaining.length, 1);
});

test("a server app lists and updates users", async () => {
  const email = `sdk-server-${Date.now()}@example.com`;
  assert.equal((await clientApp().signUpWithCredential({ email, password, noVerificationCallback: true, noRedirect: true })).status, "ok");

  const server = serverApp();
  const users = await server.listUsers({ query: email });
  assert.equal(users.length, 1);
  const [user] = users;
  assert.equal(user.primaryEmail, email);

  await user.update({ serverMetadata: { plan: "pro" }, displayName: "Server Named" });
  const fetched = await server.getUser(user.id);
  assert.deepEqual(fetched.serverMetadata, { plan: "pro" });
  assert.equal(fetched.displayName, "Server Named");

  const created = await server.createUser({ primaryEmail: `sdk-created-${Date.now()}@example.com`, password, primaryEmailAuthEnabled: true });
  const signIn = await clientApp().signInWithCredential({ email: created.primaryEmail, password, noRedirect: true });
  assert.equal(signIn.status, "ok", JSON.stringify(signIn.error));
  await created.delete();
  assert.equal(await server.getUser(created.id), null);
});
