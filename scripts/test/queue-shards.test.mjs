import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { projectRoot } from "../lib/wrangler.mjs";
import { plan, queueName, rewrite, shardCounts } from "../queue-shards.mjs";

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

test("a change binds the old and new shards and names the count before it; --settled ends it", () => {
  const grown = plan(committed, { queues: 3 });
  assert.match(grown.toml, /^QUEUE_SHARDS = "3"\nQUEUE_SHARDS_PREVIOUS = "1"$/m);
  assert.match(grown.message, /QUEUE_SHARDS_PREVIOUS = 1/);
  assert.deepEqual(shardCounts(grown.toml), { queues: 3, previous: 1 });
  // Another change before this one is settled is refused, and nothing is written.
  assert.throws(() => plan(grown.toml, { queues: 4 }), /under way: end it with --settled/);
  const settled = plan(grown.toml, { settled: true });
  assert.equal(settled.toml, rewrite(committed, 3));
  assert.doesNotMatch(settled.toml, /QUEUE_SHARDS_PREVIOUS/);
  assert.equal(plan(settled.toml, { settled: true }).toml, settled.toml);
});

test("shrinking keeps the old queues bound, producers for their barriers and consumers for their backlog", () => {
  const four = rewrite(committed, 4);
  const shrinking = plan(four, { queues: 2 }).toml;
  assert.match(shrinking, /^QUEUE_SHARDS = "2"\nQUEUE_SHARDS_PREVIOUS = "4"$/m);
  assert.deepEqual(all(shrinking, /^binding = "(EVENTS_QUEUE_\d+)"$/gm), [
    "EVENTS_QUEUE_0",
    "EVENTS_QUEUE_1",
    "EVENTS_QUEUE_2",
    "EVENTS_QUEUE_3",
  ]);
  assert.equal(
    all(shrinking, /^\[\[queues\.consumers\]\]\nqueue = "(herald-events(?:-\d)?)"$/gm).length,
    4,
  );
  const settled = plan(shrinking, { settled: true }).toml;
  assert.deepEqual(all(settled, /^binding = "(EVENTS_QUEUE_\d+)"$/gm), [
    "EVENTS_QUEUE_0",
    "EVENTS_QUEUE_1",
  ]);
});

test("a wrangler.toml without the markers is refused, not half rewritten", () => {
  assert.throws(() => rewrite("name = 'x'\n", 2), /BEGIN queue shards/);
});
