// Vitest settings for upstream's suite as copied into .work/apps/e2e by ./run: upstream's
// own setup files and snapshot serializer, the backend tests only.
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: new URL("./.work/apps/e2e", import.meta.url).pathname,
  test: {
    environment: "node",
    include: ["tests/backend/**/*.test.ts"],
    globalSetup: "./tests/global-setup.ts",
    setupFiles: ["./tests/setup.ts"],
    snapshotSerializers: ["./tests/snapshot-serializer.ts"],
    testTimeout: 30_000,
    pool: "threads",
    poolOptions: { threads: { maxThreads: 4, minThreads: 1 } },
    watch: false,
  },
});
