// Starts the real stackd binary for the SDK tests: a fresh data dir (or the PostgreSQL
// database in STACKD_SDK_DATABASE_URL), a free port, and upstream's development keys for
// the internal project.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";

export const devKeys = {
  publishableClientKey: "this-publishable-client-key-is-for-local-development-only",
  secretServerKey: "this-secret-server-key-is-for-local-development-only",
  superSecretAdminKey: "this-super-secret-admin-key-is-for-local-development-only",
};

export async function startStackd(extraEnv = {}) {
  const binary = process.env.STACKD_BINARY ?? resolve(import.meta.dirname, "../../build/stackd");
  const dataDir = mkdtempSync(join(tmpdir(), "stackd-sdk-"));
  const env = {
    ...process.env,
    NODE_ENV: "test",
    STACKD_TEST_MODE: "1",
    STACK_SERVER_SECRET: "23-wuNpik0gIW4mruTz25rbIvhuuvZFrLOLtL7J4tyo",
    STACK_SEED_INTERNAL_PROJECT_SIGN_UP_ENABLED: "true",
    // Upstream's development value: the tests send many emails within minutes.
    STACK_DEFAULT_EMAIL_CAPACITY_PER_HOUR: "100000",
    STACK_SEED_INTERNAL_PROJECT_ALLOW_LOCALHOST: "true",
    STACK_SEED_INTERNAL_PROJECT_PUBLISHABLE_CLIENT_KEY: devKeys.publishableClientKey,
    STACK_SEED_INTERNAL_PROJECT_SECRET_SERVER_KEY: devKeys.secretServerKey,
    STACK_SEED_INTERNAL_PROJECT_SUPER_SECRET_ADMIN_KEY: devKeys.superSecretAdminKey,
    ...(process.env.STACKD_SDK_DATABASE_URL
      ? { STACK_DATABASE_CONNECTION_STRING: process.env.STACKD_SDK_DATABASE_URL }
      : {}),
    ...extraEnv,
  };
  const child = spawn(binary, ["serve", "--port", "0", "--data-dir", dataDir], {
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const firstLine = await new Promise((resolveLine, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once("line", resolveLine);
    child.once("exit", (code) => reject(new Error(`stackd exited with ${code} before listening`)));
  });
  const match = /^listening on (http:\/\/\S+)$/.exec(firstLine);
  if (!match) throw new Error(`unexpected first line from stackd: ${firstLine}`);
  const baseUrl = match[1];
  return {
    baseUrl,
    async setClockOffset(offsetMs) {
      const response = await fetch(`${baseUrl}/stackd-test/clock`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ offset_ms: offsetMs }),
      });
      if (!response.ok) throw new Error(`clock change failed: ${response.status}`);
    },
    async stop() {
      const exited = new Promise((done) => child.once("exit", done));
      child.kill("SIGTERM");
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
