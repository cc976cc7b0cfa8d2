import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { d1DatabaseNames, withD1Shards } from "../lib/d1-shards.mjs";

const toml = readFileSync(new URL("../../wrangler.toml", import.meta.url), "utf8");

test("the committed wrangler.toml has one database, the control one", () => {
  assert.deepEqual(d1DatabaseNames(toml), ["herald"]);
  assert.doesNotMatch(toml, /D1_SHARDS/);
  assert.equal(withD1Shards(toml, 1), toml);
});

test("three shards add DB_0..2 and D1_SHARDS, and migrations go to all four databases", () => {
  const three = withD1Shards(toml, 3);
  assert.deepEqual(d1DatabaseNames(three), [
    "herald",
    "herald-shard-0",
    "herald-shard-1",
    "herald-shard-2",
  ]);
  assert.match(three, /^\[vars\]\nD1_SHARDS = "3"\n/m);
  assert.match(three, /binding = "DB_2"/);
});

test("running again replaces the block, and one shard restores the file", () => {
  const two = withD1Shards(withD1Shards(toml, 3), 2);
  assert.deepEqual(d1DatabaseNames(two), ["herald", "herald-shard-0", "herald-shard-1"]);
  assert.equal((two.match(/D1_SHARDS/g) ?? []).length, 1);
  const back = withD1Shards(two, 1);
  assert.deepEqual(d1DatabaseNames(back), ["herald"]);
  assert.doesNotMatch(back, /D1_SHARDS =/);
  assert.equal(withD1Shards(back, 1), back);
});

test("refuses a shard count that is not a whole number of at least 1", () => {
  assert.throws(() => withD1Shards(toml, 0));
  assert.throws(() => withD1Shards(toml, 1.5));
});
