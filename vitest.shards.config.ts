import { defineConfig } from "vitest/config";
import { workersTestConfig } from "./vitest.config.ts";

// The same workerd setup with three D1 data-plane shards (D1_SHARDS=3, bindings DB_0..2 beside
// the control database DB) and three event queue shards (QUEUE_SHARDS=3, EVENTS_QUEUE_0..2),
// over the suites that send to the queue or read and write the sharded tables: the whole
// pipeline, the logs, the stats and metrics, tenancy, wallet deletion, and the shard test.
export default defineConfig(() =>
  workersTestConfig({
    d1Shards: 3,
    queueShards: 3,
    include: [
      "test/pipeline/**/*.test.ts",
      "test/api/event-log.test.ts",
      "test/api/delivery-log.test.ts",
      "test/api/test-send-and-stats.test.ts",
      "test/api/admin-metrics.test.ts",
      "test/api/tenancy.test.ts",
      "test/api/wallet-deletion.test.ts",
      "test/db/d1-shards.test.ts",
    ],
  }),
);
