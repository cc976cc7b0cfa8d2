import { describe, expect, it } from "vitest";
import { call, callJson, expectProblem, newWallet, newWebhook } from "../helpers/api";
import { newReceiver } from "../helpers/receiver";

interface Run {
  webhookId: string;
  status: string;
  report: {
    score: { passed: number; total: number };
    results: { probe: string; outcome: string; why: string; fix: string | null }[];
  };
}

/** A wallet, a loopback receiver and a webhook pointing at it. */
async function setup(fields: Record<string, unknown> = {}) {
  const wallet = await newWallet();
  const receiver = await newReceiver();
  const hook = await newWebhook(wallet.apiKey, { url: receiver.url, ...fields });
  return { wallet, receiver, hook };
}

async function runDoctor(key: string, id: string) {
  return callJson<Run>(`/v1/webhooks/${id}/doctor`, { method: "POST", key });
}

const outcome = (run: Run, probe: string) =>
  run.report.results.find((r) => r.probe === probe)!.outcome;

describe("POST /v1/webhooks/{id}/doctor", () => {
  it("gives full marks to a receiver that verifies with standardwebhooks", async () => {
    const { wallet, receiver, hook } = await setup();
    await receiver.configure([], { action: "verify", secret: hook.secret });
    const { status, body } = await runDoctor(wallet.apiKey, hook.id);
    expect(status).toBe(200);
    expect(body.status).toBe("done");
    expect(body.report.results.filter((r) => r.outcome === "fail")).toEqual([]);
    expect(body.report.score.passed).toBe(body.report.score.total);
    expect(body.report.results.map((r) => r.probe)).toEqual([
      "signed",
      "bad-signature",
      "no-signature",
      "other-secret",
      "old-timestamp",
      "future-timestamp",
      "changed-body",
      "replay",
      "response-time",
      "read-body",
    ]);
  });

  it("fails a receiver that accepts everything on every bad-signature probe, with the fix", async () => {
    const { wallet, hook } = await setup();
    const { body } = await runDoctor(wallet.apiKey, hook.id);
    for (const probe of [
      "bad-signature",
      "no-signature",
      "other-secret",
      "old-timestamp",
      "future-timestamp",
      "changed-body",
    ]) {
      const result = body.report.results.find((r) => r.probe === probe)!;
      expect(result.outcome).toBe("fail");
      expect(result.why).toMatch(/^answered 200 in \d+ ms: it accepted what it should refuse$/);
      expect(result.fix).toMatch(/See README\.md#verifying-deliveries$/);
    }
    expect(outcome(body, "signed")).toBe("pass");
    expect(body.report.score.passed).toBeLessThanOrEqual(4);
  });

  it("fails a receiver that does not answer within the webhook's timeout", async () => {
    const { wallet, receiver, hook } = await setup({ timeoutMs: 1000 });
    await receiver.configure([], { status: 200, delayMs: 3000 });
    const { body } = await runDoctor(wallet.apiKey, hook.id);
    expect(body.report.score.passed).toBe(0);
    expect(body.report.results.find((r) => r.probe === "signed")!.why).toBe(
      "no answer within the timeout; expected a 2xx",
    );
  });

  it("fails a receiver that answers before it has read the body", async () => {
    const { wallet, receiver, hook } = await setup();
    await receiver.configure([], { action: "answer-first", status: 200 });
    const { body } = await runDoctor(wallet.apiKey, hook.id);
    const readBody = body.report.results.find((r) => r.probe === "read-body")!;
    expect(readBody).toMatchObject({
      outcome: "fail",
      why: "answered 200 before the whole body was sent",
    });
  });

  it("marks every probe, sends it only to this webhook, and counts none as a delivery", async () => {
    const { wallet, receiver, hook } = await setup();
    const other = await newReceiver();
    const otherHook = await newWebhook(wallet.apiKey, { url: other.url });
    await runDoctor(wallet.apiKey, hook.id);
    const got = await receiver.requests();
    expect(got).toHaveLength(9);
    for (const req of got) {
      expect(req.headers["webhook-doctor"]).toBe("1");
      expect(req.body).toContain('"type":"herald.doctor.probe"');
    }
    expect(await other.requests()).toEqual([]);
    for (const id of [hook.id, otherHook.id]) {
      const log = await callJson(`/v1/webhooks/${id}/deliveries`, { key: wallet.apiKey });
      expect(log.body.data).toEqual([]);
    }
    const events = await callJson("/v1/events", { key: wallet.apiKey });
    expect(events.body.data).toEqual([]);
    const stats = await callJson<{ data: { webhookId: string; attempts: number }[] }>("/v1/stats", {
      key: wallet.apiKey,
    });
    for (const row of stats.body.data) expect(row.attempts).toBe(0);
  });

  it("runs once per webhook per minute: a second run is a 429 with Retry-After", async () => {
    const { wallet, hook } = await setup();
    expect((await runDoctor(wallet.apiKey, hook.id)).status).toBe(200);
    const again = await call(`/v1/webhooks/${hook.id}/doctor`, {
      method: "POST",
      key: wallet.apiKey,
    });
    const problem = await expectProblem(again, 429);
    expect(problem.detail).toMatch(/less than a minute ago; retry in \d+ s/);
    const retryAfter = Number(again.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });
});

describe("POST /v1/webhooks/{id}/doctor under stricter URL rules", () => {
  it("refuses with 409 to probe a URL that today's rules no longer allow, sending nothing", async () => {
    const { wallet, receiver, hook } = await setup();
    const refused = await call(`/v1/webhooks/${hook.id}/doctor`, {
      method: "POST",
      key: wallet.apiKey,
      env: { ALLOW_PRIVATE_DESTINATIONS: "false" } as Partial<Env>,
    });
    const problem = await expectProblem(refused, 409);
    expect(problem.detail).toMatch(/^The webhook's URL is not allowed now: /);
    expect(await receiver.requests()).toEqual([]);
  });
});

describe("GET /v1/webhooks/{id}/doctor", () => {
  it("returns the stored report of the latest run; 404 before any run", async () => {
    const { wallet, hook } = await setup();
    await expectProblem(await call(`/v1/webhooks/${hook.id}/doctor`, { key: wallet.apiKey }), 404);
    const ran = await runDoctor(wallet.apiKey, hook.id);
    const read = await callJson<Run>(`/v1/webhooks/${hook.id}/doctor`, { key: wallet.apiKey });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(ran.body);
  });

  it("answers another wallet's webhook with 404, for reading and for running", async () => {
    const { wallet, hook } = await setup();
    await runDoctor(wallet.apiKey, hook.id);
    const stranger = await newWallet();
    await expectProblem(
      await call(`/v1/webhooks/${hook.id}/doctor`, { key: stranger.apiKey }),
      404,
    );
    await expectProblem(
      await call(`/v1/webhooks/${hook.id}/doctor`, { method: "POST", key: stranger.apiKey }),
      404,
    );
  });
});
