import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { projectRoot } from "../lib/wrangler.mjs";
import { queueName, rewrite } from "../queue-shards.mjs";

const committed = readFileSync(path.join(projectRoot, "wrangler.toml"), "utf8");
const all = (text, pattern) => [...text.matchAll(pattern)].map((m) => m[1]);

test("the committed wrangler.toml is what the script writes for one shard", () => {
  assert.equal(rewrite(committed, 1), committed);
});

test("n shards: producers EVENTS_QUEUE_0..n-1, shard 0 still herald-events, one consumer each with the same settings", () => {
  const toml = rewrite(committed, 3);
  assert.match(toml, /^QUEUE_SHARDS = "3"$/m);
  assert.deepEqual(all(toml, /^binding = "(EVENTS_QUEUE_\d+)"$/gm), [
    "EVENTS_QUEUE_0",
    "EVENTS_QUEUE_1",
    "EVENTS_QUEUE_2",
  ]);
  assert.deepEqual(all(toml, /^\[\[queues\.consumers\]\]\nqueue = "([^"]+)"/gm), [
    "herald-events",
    "herald-events-1",
    "herald-events-2",
    "herald-events-dlq",
  ]);
  assert.equal(all(toml, /^(dead_letter_queue = "herald-events-dlq")$/gm).length, 3);
  assert.equal(all(toml, /^(max_retries = 10)$/gm).length, 3);
  assert.equal(queueName(0), "herald-events");
  // Back to one shard gives the committed file again.
  assert.equal(rewrite(toml, 1), committed);
});

test("shrinking with --consume keeps the old queues' consumers and drops their producers", () => {
  const toml = rewrite(rewrite(committed, 4), 2, 4);
  assert.match(toml, /^QUEUE_SHARDS = "2"$/m);
  assert.deepEqual(all(toml, /^binding = "(EVENTS_QUEUE_\d+)"$/gm), [
    "EVENTS_QUEUE_0",
    "EVENTS_QUEUE_1",
  ]);
  assert.equal(
    all(toml, /^\[\[queues\.consumers\]\]\nqueue = "(herald-events(?:-\d)?)"$/gm).length,
    4,
  );
});

test("a wrangler.toml without the markers is refused, not half rewritten", () => {
  assert.throws(() => rewrite("name = 'x'\n", 2), /BEGIN queue shards/);
});
