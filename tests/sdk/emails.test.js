// The official SDK's email flows against stackd delivering real SMTP to an in-process sink:
// magic-link sign-in, forgot/reset password, and contact-channel verification, each code
// read from the delivered message.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { clientApp as sdkClientApp } from "./apps.js";
import { startStackd } from "./server.js";
import { codeFromMessage, startSmtpSink } from "./smtp_sink.js";

let stackd;
let sink;
before(async () => {
  sink = await startSmtpSink();
  stackd = await startStackd({ ...sink.env(), STACK_SEED_INTERNAL_PROJECT_OTP_ENABLED: "true" });
});
after(async () => {
  await stackd?.stop();
  await sink?.close();
});

const password = "correct horse battery";
const handler = "http://localhost:3000/handler";

function clientApp() {
  return sdkClientApp(stackd.baseUrl);
}

function uniqueEmail(tag) {
  return `sdk-${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

test("magic link: send, then sign in with the code from the message", async () => {
  const app = clientApp();
  const email = uniqueEmail("magic");
  const sent = await app.sendMagicLinkEmail(email, { callbackUrl: `${handler}/magic-link-callback` });
  assert.equal(sent.status, "ok", JSON.stringify(sent.error));
  assert.equal(typeof sent.data.nonce, "string");

  const message = await sink.waitFor(email);
  assert.match(message.text, /http:\/\/localhost:3000\/handler\/magic-link-callback\?code=/);
  const code = codeFromMessage(message);
  const signedIn = await app.signInWithMagicLink(code, { noRedirect: true });
  assert.equal(signedIn.status, "ok", JSON.stringify(signedIn.error));

  const user = await app.getUser({ or: "throw" });
  assert.equal(user.primaryEmail, email);
  assert.equal(user.primaryEmailVerified, true);
  assert.equal(user.otpAuthEnabled, true);

  // The code is single use.
  const reused = await clientApp().signInWithMagicLink(code, { noRedirect: true });
  assert.equal(reused.status, "error");
  assert.equal(reused.error.errorCode, "VERIFICATION_CODE_ALREADY_USED");

  // A second magic link signs the same user in again.
  const again = clientApp();
  assert.equal((await again.sendMagicLinkEmail(email, { callbackUrl: `${handler}/magic-link-callback` })).status, "ok");
  const second = await sink.waitFor(email, 2);
  assert.equal((await again.signInWithMagicLink(codeFromMessage(second), { noRedirect: true })).status, "ok");
  assert.equal((await again.getUser({ or: "throw" })).id, user.id);
});

test("forgot password: reset with the mailed code, then sign in with the new password", async () => {
  const app = clientApp();
  const email = uniqueEmail("reset");
  const signedUp = await app.signUpWithCredential({ email, password, noVerificationCallback: true, noRedirect: true });
  assert.equal(signedUp.status, "ok", JSON.stringify(signedUp.error));

  const fresh = clientApp();
  const sent = await fresh.sendForgotPasswordEmail(email, { callbackUrl: `${handler}/password-reset` });
  assert.equal(sent.status, "ok", JSON.stringify(sent.error));
  const message = await sink.waitFor(email);
  const code = codeFromMessage(message);

  assert.equal((await fresh.verifyPasswordResetCode(code)).status, "ok");
  const newPassword = "a whole new password";
  const reset = await fresh.resetPassword({ code, password: newPassword });
  assert.equal(reset.status, "ok", JSON.stringify(reset.error));
  const reused = await fresh.resetPassword({ code, password: "yet another password" });
  assert.equal(reused.status, "error");

  const oldSignIn = await clientApp().signInWithCredential({ email, password, noRedirect: true });
  assert.equal(oldSignIn.status, "error");
  assert.equal(oldSignIn.error.errorCode, "EMAIL_PASSWORD_MISMATCH");
  const newApp = clientApp();
  const newSignIn = await newApp.signInWithCredential({ email, password: newPassword, noRedirect: true });
  assert.equal(newSignIn.status, "ok", JSON.stringify(newSignIn.error));
  assert.equal((await newApp.getUser({ or: "throw" })).primaryEmail, email);

  // Unknown addresses get the same answer and no mail.
  const unknown = await fresh.sendForgotPasswordEmail(uniqueEmail("nobody"), { callbackUrl: `${handler}/password-reset` });
  assert.equal(unknown.status, "ok");
});

test("contact channels: list, send the verification email, verify with the code", async () => {
  const app = clientApp();
  const email = uniqueEmail("channel");
  const signedUp = await app.signUpWithCredential({ email, password, noVerificationCallback: true, noRedirect: true });
  assert.equal(signedUp.status, "ok", JSON.stringify(signedUp.error));
  const user = await app.getUser({ or: "throw" });
  assert.equal(user.primaryEmailVerified, false);

  const channels = await user.listContactChannels();
  assert.equal(channels.length, 1);
  const [primary] = channels;
  assert.equal(primary.value, email);
  assert.equal(primary.type, "email");
  assert.equal(primary.isPrimary, true);
  assert.equal(primary.isVerified, false);
  assert.equal(primary.usedForAuth, true);

  await primary.sendVerificationEmail({ callbackUrl: `${handler}/email-verification` });
  const message = await sink.waitFor(email);
  assert.match(message.subject, /^Verify your email at /);
  const verified = await app.verifyEmail(codeFromMessage(message));
  assert.equal(verified.status, "ok", JSON.stringify(verified.error));

  const after = await app.getUser({ or: "throw" });
  assert.equal(after.primaryEmailVerified, true);
  const [reread] = await after.listContactChannels();
  assert.equal(reread.isVerified, true);

  // A second address added through the SDK, verified the same way.
  const extraEmail = uniqueEmail("extra");
  const extra = await after.createContactChannel({ type: "email", value: extraEmail, usedForAuth: false });
  assert.equal(extra.value, extraEmail);
  assert.equal(extra.isVerified, false);
  assert.equal(extra.isPrimary, false);
  await extra.sendVerificationEmail({ callbackUrl: `${handler}/email-verification` });
  const extraCode = codeFromMessage(await sink.waitFor(extraEmail));
  assert.equal((await clientApp().verifyEmail(extraCode)).status, "ok");
  const listed = await (await app.getUser({ or: "throw" })).listContactChannels();
  assert.deepEqual(
    listed.map((channel) => [channel.value, channel.isVerified]),
    [
      [email, true],
      [extraEmail, true],
    ],
  );

  // Sending again for a verified channel is refused (EMAIL_ALREADY_VERIFIED, which the SDK
  // swallows): no second message.
  await reread.sendVerificationEmail({ callbackUrl: `${handler}/email-verification` });
  assert.equal(sink.messagesTo(email).length, 1);
});
