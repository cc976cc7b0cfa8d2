import { defineConfig } from "vitest/config";

// Tests that run in Node against Herald started as `npm start` starts it (test/node/setup/herald.ts):
// the CLI, the typed client and the portal's browser tests. The workerd suites are vitest.config.ts.
export default defineConfig({
  test: {
    include: ["test/node/**/*.test.ts", "cli/**/*.test.ts", "clients/**/*.test.ts"],
    exclude: ["**/node_modules/**"],
    globalSetup: ["./test/node/setup/herald.ts"],
    // Log lines (one JSON object per delivery attempt) are shown for failing tests only.
    silent: "passed-only",
    testTimeout: 60_000,
    hookTimeout: 150_000,
    // One Herald, shared: files run one at a time so they do not starve each other on 2 cores.
    fileParallelism: false,
  },
});
