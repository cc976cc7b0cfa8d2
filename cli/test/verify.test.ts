import { writeFileSync } from "node:fs";
import path from "node:path";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { runCli, tempConfigDir } from "./helpers/cli.ts";

const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const body = '{"id":"ev-1","type":"openid.credential.offer_sent","data":{"a":1}}';

/** Writes a captured request to files, as a developer would save it, and runs herald verify on them. */
async function verifyCapture(headers: Record<string, string>, bodyText = body, key = secret) {
  const dir = tempConfigDir();
  const headersFile = path.join(dir, "headers.json");
  const bodyFile = path.join(dir, "body.json");
  writeFileSync(headersFile, JSON.stringify(headers));
  writeFileSync(bodyFile, bodyText);
  return runCli(["verify", "--secret", key, "--headers", headersFile, "--body", bodyFile]);
}

function signed(at = new Date(), text = body) {
  const id = "msg_1";
  const signature = new Webhook(secret).sign(id, at, text);
  return {
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": signature,
  };
}

describe("herald verify", () => {
  it("accepts a delivery signed with the secret (exit 0)", async () => {
    const run = await verifyCapture(signed());
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("valid: signed by this secret, webhook-id msg_1\n");
  });

  it("says a changed body, another secret or a missing header is why a capture fails (exit 1)", async () => {
    const changed = await verifyCapture(signed(), body.replace('"a":1', '"a":2'));
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(
      /^invalid: no v1 signature matches: signed with another secret, or the body/,
    );
    const other = await verifyCapture(signed(), body, "whsec_b3RoZXJzZWNyZXRvdGhlcnNlY3JldA==");
    expect(other.stdout).toMatch(/^invalid: no v1 signature matches/);
    const { "webhook-signature": _, ...unsigned } = signed();
    const missing = await verifyCapture(unsigned);
    expect(missing.stdout).toBe("invalid: missing header webhook-signature\n");
  });

  it("names a stale timestamp and a body file that gained a final newline", async () => {
    const stale = await verifyCapture(signed(new Date(Date.now() - 600_000)));
    expect(stale.code).toBe(1);
    expect(stale.stdout).toMatch(
      /^invalid: the signature matches, but webhook-timestamp is 60\d s old/,
    );
    const newline = await verifyCapture(signed(), `${body}\n`);
    expect(newline.stdout).toMatch(/matches only without the body file's final newline/);
  });

  it("refuses missing flags (exit 2) and a headers file that is not JSON (exit 1)", async () => {
    const usage = await runCli(["verify", "--secret", secret]);
    expect(usage.code).toBe(2);
    const dir = tempConfigDir();
    writeFileSync(path.join(dir, "h.json"), "webhook-id: x");
    writeFileSync(path.join(dir, "b.json"), body);
    const bad = await runCli([
      "verify",
      "--secret",
      secret,
      "--headers",
      path.join(dir, "h.json"),
      "--body",
      path.join(dir, "b.json"),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/h\.json is not valid JSON/);
  });
});
