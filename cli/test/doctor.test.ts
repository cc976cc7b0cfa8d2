import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import { api, heraldUrl, newWallet } from "../../test/node/helpers/herald.ts";
import { runCli } from "./helpers/cli.ts";
import { startReceiver } from "./helpers/receiver.ts";

const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

interface Report {
  score: { passed: number; total: number };
  results: { probe: string; outcome: string; why: string; fix: string | null }[];
}

async function doctor(url: string, ...extra: string[]) {
  const run = await runCli(["doctor", url, "--secret", secret, ...extra], {}, 60_000);
  return run;
}

const outcomes = (report: Report) =>
  Object.fromEntries(report.results.map((r) => [r.probe, r.outcome]));

describe("herald doctor", () => {
  it("passes a receiver that verifies with standardwebhooks (exit 0, full score)", async () => {
    const receiver = await startReceiver((got, res) => {
      try {
        new Webhook(secret).verify(got.body, got.headers);
        res.writeHead(204).end();
      } catch {
        res.writeHead(401).end("bad signature");
      }
    });
    cleanups.push(receiver.close);
    const run = await doctor(receiver.url, "--json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.score).toEqual({ passed: 10, total: 10 });
    expect(report.results.every((r) => r.fix === null)).toBe(true);
    expect(report.results.find((r) => r.probe === "replay")!.why).toMatch(
      /cannot see whether it was processed twice: dedupe on webhook-id/,
    );
    // Every probe is marked, and carries the doctor's event type.
    expect(receiver.got).toHaveLength(9);
    for (const got of receiver.got) {
      expect(got.headers["webhook-doctor"]).toBe("1");
      expect(JSON.parse(got.body.replace(',"tampered":true', "")).type).toBe("herald.doctor.probe");
    }
  });

  it("fails a receiver that accepts everything on the bad-signature probes, with a fix for each", async () => {
    const receiver = await startReceiver((_got, res) => void res.writeHead(200).end("ok"));
    cleanups.push(receiver.close);
    const run = await doctor(receiver.url);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^ {2}PASS {2}correctly signed delivery is accepted: answered 200/m);
    for (const title of [
      "bad signature is refused",
      "missing signature headers are refused",
      "signature made with another secret is refused",
      "timestamp 10 min old is refused",
      "timestamp 10 min ahead is refused",
      "body changed after signing is refused",
    ])
      expect(run.stdout).toMatch(
        new RegExp(
          `^ {2}FAIL {2}${title}: answered 200 in \\d+ ms: it accepted what it should refuse$`,
          "m",
        ),
      );
    expect(run.stdout).toMatch(/^Score: 4\/10$/m);
    expect(run.stdout).toMatch(
      /^ {2}- bad-signature: Verify webhook-signature and answer 401 .* See README\.md#verifying-deliveries$/m,
    );
  });

  it("fails a receiver that never answers, within the given timeout", async () => {
    const receiver = await startReceiver(() => {});
    cleanups.push(receiver.close);
    const run = await doctor(receiver.url, "--timeout", "1000", "--json");
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.score.passed).toBe(0);
    expect(outcomes(report).signed).toBe("fail");
    expect(report.results.find((r) => r.probe === "signed")!.why).toBe(
      "no answer within the timeout; expected a 2xx",
    );
    expect(report.results.every((r) => r.outcome === "fail")).toBe(true);
  });

  it("catches a receiver that answers before it has read the body", async () => {
    // Answers on the headers alone, then drains the body: it cannot have verified anything.
    const server = createServer((req, res) => {
      res.writeHead(200).end("ok");
      req.resume();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    cleanups.push(() => new Promise((r) => server.close(r)));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    const report = JSON.parse((await doctor(url, "--json")).stdout) as Report;
    const readBody = report.results.find((r) => r.probe === "read-body")!;
    expect(readBody).toMatchObject({
      outcome: "fail",
      why: "answered 200 before the whole body was sent",
    });
  });

  it("refuses a missing or malformed secret and a bad URL with exit 2", async () => {
    const noSecret = await runCli(["doctor", "http://127.0.0.1:1/x"]);
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toMatch(/^herald: --secret must be the receiver's signing secret/);
    const badUrl = await runCli(["doctor", "ftp://x", "--secret", secret]);
    expect(badUrl.code).toBe(2);
  });

  it("--webhook has Herald run the probes against a webhook; --last reads the stored run; a rerun within a minute is refused", async () => {
    const { apiKey } = await newWallet();
    let hookSecret = "";
    const receiver = await startReceiver((got, res) => {
      try {
        new Webhook(hookSecret).verify(got.body, got.headers);
        res.writeHead(204).end();
      } catch {
        res.writeHead(401).end();
      }
    });
    cleanups.push(receiver.close);
    const hook = await api<{ id: string; secret: string }>("POST", "/v1/webhooks", apiKey, {
      url: receiver.url,
    });
    hookSecret = hook.secret;
    const env = { HERALD_URL: heraldUrl(), HERALD_API_KEY: apiKey };
    const run = await runCli(["doctor", "--webhook", hook.id], env, 60_000);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Score: 10\/10$/m);
    const last = await runCli(["doctor", "--webhook", hook.id, "--last"], env);
    expect(last.stdout).toBe(run.stdout);
    const again = await runCli(["doctor", "--webhook", hook.id], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /^herald: running the doctor failed: 429 Too many requests: .*retry in \d+ s\n$/,
    );
  });
});
