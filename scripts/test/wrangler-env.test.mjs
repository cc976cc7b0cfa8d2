import assert from "node:assert/strict";
import { test } from "node:test";
import { wranglerEnv } from "../lib/wrangler.mjs";

/** wranglerEnv() with X_LOCAL_OBSERVABILITY set to `value` (undefined: unset) in our own environment. */
function withTraces(value) {
  const saved = process.env.X_LOCAL_OBSERVABILITY;
  if (value === undefined) delete process.env.X_LOCAL_OBSERVABILITY;
  else process.env.X_LOCAL_OBSERVABILITY = value;
  try {
    return wranglerEnv().X_LOCAL_OBSERVABILITY;
  } finally {
    if (saved === undefined) delete process.env.X_LOCAL_OBSERVABILITY;
    else process.env.X_LOCAL_OBSERVABILITY = saved;
  }
}

test("wrangler runs without its local trace collector unless X_LOCAL_OBSERVABILITY=true asks for it", () => {
  assert.equal(withTraces(undefined), "false");
  assert.equal(withTraces("false"), "false");
  assert.equal(withTraces("true"), "true");
  assert.equal(withTraces("TRUE"), "true");
});

test("a caller's own setting for one run wins", () => {
  assert.equal(wranglerEnv({ X_LOCAL_OBSERVABILITY: "true" }).X_LOCAL_OBSERVABILITY, "true");
});
