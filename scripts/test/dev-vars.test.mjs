import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { parseEnv } from "node:util";
import { DEV_RELAXATIONS, devVarsText } from "../lib/dev-vars.mjs";
import { projectRoot } from "../lib/wrangler.mjs";

const example = parseEnv(readFileSync(path.join(projectRoot, ".dev.vars.example"), "utf8"));

test("the example offers the Deploy button no key and no relaxation", () => {
  assert.equal(example.ADMIN_API_KEY, "");
  assert.equal(example.ENCRYPTION_KEY, "");
  for (const name of DEV_RELAXATIONS) assert.equal(example[name], undefined, name);
});

test("a local .dev.vars gets fresh keys and the dev relaxations", () => {
  const first = parseEnv(devVarsText());
  const second = parseEnv(devVarsText());
  assert.match(first.ADMIN_API_KEY ?? "", /^herald_admin_[\w-]{24}$/);
  assert.notEqual(first.ADMIN_API_KEY, second.ADMIN_API_KEY);
  assert.equal(Buffer.from(first.ENCRYPTION_KEY ?? "", "base64").length, 32);
  for (const name of DEV_RELAXATIONS) assert.equal(first[name], "true", name);
});

test("given keys are used as they are", () => {
  const vars = parseEnv(devVarsText({ adminKey: "k".repeat(20), encryptionKey: "e" }));
  assert.equal(vars.ADMIN_API_KEY, "k".repeat(20));
  assert.equal(vars.ENCRYPTION_KEY, "e");
});
