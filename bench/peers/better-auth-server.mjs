// Better Auth (email + password) on SQLite (better-sqlite3, WAL), served by Node's http
// server with rate limiting off: the peer bench/run measures beside stackd.
// Usage: node better-auth-server.mjs <port> <database file>
import http from "node:http";
import Database from "better-sqlite3";
import { betterAuth } from "better-auth";
import { getMigrations } from "better-auth/db/migration";
import { toNodeHandler } from "better-auth/node";

const [port, databaseFile] = process.argv.slice(2);
const database = new Database(databaseFile);
database.pragma("journal_mode = WAL");

const auth = betterAuth({
  database,
  baseURL: `http://127.0.0.1:${port}`,
  secret: "bench-secret-bench-secret-bench-secret-0123456789",
  emailAndPassword: { enabled: true },
  rateLimit: { enabled: false },
  logger: { disabled: true },
});

const { runMigrations } = await getMigrations(auth.options);
await runMigrations();

http.createServer(toNodeHandler(auth)).listen(Number(port), "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${port}`);
});
