import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { buildAssets } from "./scripts/build-assets.mjs";

// Tests run inside workerd against the real D1, Queues and Durable Objects that
// wrangler.toml declares. Settings a test needs come from here, not from .dev.vars,
// so a fresh clone tests the same way as CI.
export default defineConfig(() => workersTestConfig());

/**
 * The workerd test setup. `d1Shards` above 1 adds D1 shards DB_0..n-1; `queueShards` above 1 adds
 * event queue shards (shard 0 comes from wrangler.toml, the others get the same consumer here).
 * vitest.shards.config.ts runs the sharded suites with 3 of each; `TEST_QUEUE_SHARDS=3 npx vitest
 * run <files>` does it for queues alone.
 */
export async function workersTestConfig({
  d1Shards = 1,
  queueShards = Number(process.env.TEST_QUEUE_SHARDS || "1"),
  include = ["test/**/*.test.ts"],
} = {}) {
  const extraShards = Array.from({ length: queueShards - 1 }, (_, i) => `herald-events-${i + 1}`);
  // public/ must exist before the plugin reads [assets]; `npx vitest run <file>` skips pretest.
  buildAssets();
  const shards = d1Shards > 1 ? Array.from({ length: d1Shards }, (_, i) => `DB_${i}`) : [];
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          ...(shards.length ? { d1Databases: ["DB", ...shards] } : {}),
          bindings: {
            ...(shards.length ? { D1_SHARDS: String(d1Shards) } : {}),
            TEST_MIGRATIONS: migrations,
            ADMIN_API_KEY: "test-admin-key-0123456789",
            ENCRYPTION_KEY: "dGVzdC1vbmx5LWVuY3J5cHRpb24ta2V5LTMyLWJ5dGU=",
            // Loopback receivers started by the test run are private http destinations.
            ALLOW_PRIVATE_DESTINATIONS: "true",
            ALLOW_INSECURE_URLS: "true",
            DEFAULT_WALLET_ENABLED: "true",
            IGRANT_WEBHOOK_SECRET: "igrant-test-secret",
            // Suites post hundreds of events at once and retry within seconds; the limits'
            // own tests lower them per wallet (PATCH /v1/wallets/{id}) or pass the defaults
            // through `call(..., { env })`.
            LIMIT_INGEST_PER_SECOND: "100000",
            LIMIT_INGEST_BURST: "100000",
            RETRY_MIN_DELAY_SECONDS: "1",
            QUEUE_SHARDS: String(queueShards),
          },
          queueProducers: Object.fromEntries(
            extraShards.map((queueName, i) => [`EVENTS_QUEUE_${i + 1}`, { queueName }]),
          ),
          queueConsumers: Object.fromEntries(
            extraShards.map((name) => [
              name,
              {
                maxBatchSize: 100,
                maxBatchTimeout: 0.1,
                maxRetries: 10,
                deadLetterQueue: "herald-events-dlq",
              },
            ]),
          ),
        },
      }),
    ],
    test: {
      // Node-side suites (CLI, client, portal) have their own config: vitest.node.config.ts.
      include,
      exclude: ["test/node/**", "**/node_modules/**"],
      setupFiles: ["./test/setup/apply-migrations.ts"],
      globalSetup: ["./test/setup/receivers.ts"],
      // Log lines (one JSON object per delivery attempt) are shown for failing tests only.
      silent: "passed-only" as const,
      testTimeout: 30_000,
      hookTimeout: 30_000,
    },
  };
}
