// `node --test scripts/test/`: the pure decisions of `npm run deploy`, fed wrangler's output.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  databaseExists,
  deploySteps,
  firstDeployMayProceed,
  missingSecrets,
  missingSecretsMessage,
  requiredSecrets,
  workerNotFound,
} from "../lib/deploy-plan.mjs";

const list = (/** @type {string[]} */ names) =>
  JSON.stringify(names.map((name) => ({ name, type: "secret_text" })));

describe("missingSecrets", () => {
  it("finds nothing missing when every required secret is listed, among others", () => {
    assert.deepEqual(missingSecrets(list(["IGRANT_WEBHOOK_SECRET", ...requiredSecrets])), []);
  });

  it("names each required secret that is not listed", () => {
    assert.deepEqual(missingSecrets(list(["ADMIN_API_KEY"])), ["ENCRYPTION_KEY"]);
    assert.deepEqual(missingSecrets(list(["ENCRYPTION_KEY"])), ["ADMIN_API_KEY"]);
    assert.deepEqual(missingSecrets("[]"), ["ADMIN_API_KEY", "ENCRYPTION_KEY"]);
  });

  it("does not take a secret whose name only contains a required one", () => {
    assert.deepEqual(missingSecrets(list(["OLD_ADMIN_API_KEY", "ENCRYPTION_KEY_2"])), [
      "ADMIN_API_KEY",
      "ENCRYPTION_KEY",
    ]);
  });

  it("reads the list when wrangler prints notices around it", () => {
    const output = `▲ [WARNING] a notice\n${list(requiredSecrets)}\n`;
    assert.deepEqual(missingSecrets(output), []);
  });

  it("throws on output that is not a list, rather than guessing", () => {
    assert.throws(() => missingSecrets("✘ [ERROR] Authentication error"), /no JSON/);
    assert.throws(() => missingSecrets('{"name":"ADMIN_API_KEY"}'), /not print a list/);
  });
});

describe("missingSecretsMessage", () => {
  it("names every missing secret and how to set it", () => {
    const message = missingSecretsMessage(["ADMIN_API_KEY", "ENCRYPTION_KEY"], "herald");
    assert.match(message, /refusing to deploy/);
    assert.match(message, /npx wrangler secret put ADMIN_API_KEY/);
    assert.match(message, /npx wrangler secret put ENCRYPTION_KEY/);
    assert.match(message, /openssl rand -base64 32/);
  });

  it("does not mention a secret that is set", () => {
    const message = missingSecretsMessage(["ENCRYPTION_KEY"], "herald");
    assert.doesNotMatch(message, /ADMIN_API_KEY/);
  });

  it("says when the Worker does not exist yet", () => {
    assert.match(missingSecretsMessage(requiredSecrets, "herald", true), /does not exist yet/);
  });
});

describe("deploy order", () => {
  it("migrates before deploying when the database exists", () => {
    const output = JSON.stringify([{ uuid: "x", name: "herald" }]);
    assert.equal(databaseExists(output, "herald"), true);
    assert.deepEqual(deploySteps(true), ["migrate", "deploy"]);
  });

  it("deploys first (which creates the database), then migrates, when it does not", () => {
    const output = JSON.stringify([{ uuid: "x", name: "herald-staging" }]);
    assert.equal(databaseExists(output, "herald"), false);
    assert.deepEqual(deploySteps(false), ["deploy", "migrate"]);
  });
});

describe("workerNotFound", () => {
  it("recognises wrangler's answer for a Worker never deployed", () => {
    assert.equal(
      workerNotFound("✘ [ERROR] This Worker does not exist on your account. [code: 10007]"),
      true,
    );
    assert.equal(workerNotFound("✘ [ERROR] Authentication error [code: 10000]"), false);
  });
});

describe("firstDeployMayProceed", () => {
  it("lets only a Workers Builds run (the Deploy button) deploy a Worker that does not exist yet", () => {
    assert.equal(firstDeployMayProceed({ WORKERS_CI: "1" }), true);
    assert.equal(firstDeployMayProceed({ CI: "true" }), false);
    assert.equal(firstDeployMayProceed({}), false);
  });
});
