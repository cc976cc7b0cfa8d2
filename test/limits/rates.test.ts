import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { database } from "../../src/db/client";
import type { RateVerdict } from "../../src/domain/rate-verdicts";
import { HeraldError } from "../../src/errors/herald-error";
import { readAuthEpoch } from "../../src/repositories/api-keys";
import { systemScope } from "../../src/repositories/scope";
import { checkRevocations } from "../../src/services/key-cache";
import { takeRate } from "../../src/services/rate-limits";
import { forgetEmptyBucket, noteEmptyBucket } from "../../src/services/refusal-cache";
import { call, callJson, expectProblem, newWallet, newWebhook } from "../helpers/api";
import { storedEvent } from "../helpers/delivery-log";
import { faultSwitch, faultyStatements, recordingQueue } from "../helpers/faults";
import { everyShard } from "../helpers/queue";

// Rates: counted per wallet by its limiter object, refused with 429, Retry-After and the IETF
// RateLimit-Policy / RateLimit fields. The suite's settings raise the ingest defaults (other
// suites post hundreds of events at once), so each test sets the wallet's own limits.

const TYPE = "openid.credential.offer_sent";
const event = (n: number) => ({ type: TYPE, data: { n } });

async function setLimits(walletId: string, limits: Record<string, number | null>) {
  const { status } = await callJson(`/v1/wallets/${walletId}`, {
    method: "PATCH",
    body: { limits },
  });
  expect(status).toBe(200);
}

describe("the ingest rate", () => {
  it("accepts the burst, then answers 429 with Retry-After and the RateLimit fields, sending nothing", async () => {
    const wallet = await newWallet();
    await setLimits(wallet.id, { ingestPerSecond: 1, ingestBurst: 3 });
    for (let n = 0; n < 3; n++)
      expect((await call("/v1/events", { key: wallet.apiKey, body: event(n) })).status).toBe(202);

    const queue = recordingQueue(env.EVENTS_QUEUE_0);
    const refused = await call("/v1/events", {
      key: wallet.apiKey,
      body: event(3),
      env: { ...everyShard(queue.queue) },
    });
    const problem = await expectProblem(refused, 429);
    expect(problem.type).toBe("urn:herald:problem:rate-limited");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get("ratelimit-policy")).toBe('"ingest";q=1;w=1');
    expect(refused.headers.get("ratelimit")).toMatch(/^"ingest";r=0;t=[1-3]$/);
    expect(queue.sent).toEqual([]);
  });

  it("counts a batch's events, and refuses a batch larger than the burst whole", async () => {
    const wallet = await newWallet();
    await setLimits(wallet.id, { ingestPerSecond: 1, ingestBurst: 5 });
    const batch = (n: number) => ({
      events: Array.from({ length: n }, (_, i) => event(i)),
    });
    const tooBig = await call("/v1/events/batch", { key: wallet.apiKey, body: batch(6) });
    expect((await expectProblem(tooBig, 429)).detail).toMatch(/send fewer per request/);
    expect((await call("/v1/events/batch", { key: wallet.apiKey, body: batch(4) })).status).toBe(
      202,
    );
    await expectProblem(
      await call("/v1/events/batch", { key: wallet.apiKey, body: batch(2) }),
      429,
    );
  });

  it("costs nothing for a repeat of an accepted event", async () => {
    const wallet = await newWallet();
    await setLimits(wallet.id, { ingestPerSecond: 1, ingestBurst: 1 });
    const body = { id: "same-one", ...event(1) };
    expect((await call("/v1/events", { key: wallet.apiKey, body })).status).toBe(202);
    // A repeat is known as one once the consumer has stored the first.
    await storedEvent(wallet.id, "same-one");
    expect((await call("/v1/events", { key: wallet.apiKey, body })).status).toBe(200);
    await expectProblem(await call("/v1/events", { key: wallet.apiKey, body: event(2) }), 429);
  });

  it("counts the agent routes against the same wallet rate", async () => {
    const wallet = await newWallet();
    await setLimits(wallet.id, { ingestPerSecond: 1, ingestBurst: 1 });
    const notification = (id: string) => ({
      id,
      ts: "2026-01-01T00:00:00Z",
      type: "ConnectionUpdated",
      data: { state: "InvitationGenerated" },
    });
    const first = await call("/v1/ingest/identus", {
      key: wallet.apiKey,
      body: notification("00000000-0000-4000-8000-0000000000a1"),
    });
    expect(first.status).toBe(202);
    const second = await call("/v1/ingest/identus", {
      key: wallet.apiKey,
      body: notification("00000000-0000-4000-8000-0000000000a2"),
    });
    await expectProblem(second, 429);
    expect(second.headers.get("ratelimit-policy")).toBe('"ingest";q=1;w=1');
  });

  it("writes nothing to D1 on the ingest path, admitted or refused", async () => {
    const wallet = await newWallet();
    await setLimits(wallet.id, { ingestPerSecond: 1, ingestBurst: 1 });
    // Any INSERT/UPDATE/DELETE the request made would be refused, failing it.
    const writes = faultSwitch();
    const DB = faultyStatements(env.DB, /^\s*(insert|update|delete|replace)\b/i, "refuse", writes);
    const admitted = await call("/v1/events", { key: wallet.apiKey, body: event(1), env: { DB } });
    expect(admitted.status).toBe(202);
    const refused = await call("/v1/events", { key: wallet.apiKey, body: event(2), env: { DB } });
    expect(refused.status).toBe(429);
    expect(writes.refused).toBe(0);
  });

  it("follows the admin's overrides: raised, another wallet untouched, and back to the default", async () => {
    const noisy = await newWallet();
    const quiet = await newWallet();
    await setLimits(noisy.id, { ingestPerSecond: 1, ingestBurst: 2 });
    for (let n = 0; n < 2; n++)
      expect((await call("/v1/events", { key: noisy.apiKey, body: event(n) })).status).toBe(202);
    await expectProblem(await call("/v1/events", { key: noisy.apiKey, body: event(2) }), 429);
    // The other wallet has its own bucket.
    expect((await call("/v1/events", { key: quiet.apiKey, body: event(0) })).status).toBe(202);

    // Raised: a rate of 1,000/s refills the empty bucket at once.
    await setLimits(noisy.id, { ingestPerSecond: 1000, ingestBurst: 1000 });
    expect((await call("/v1/events", { key: noisy.apiKey, body: event(3) })).status).toBe(202);
    // Removed: the suite's default applies again.
    await setLimits(noisy.id, { ingestPerSecond: null, ingestBurst: null });
    const usage = await callJson(`/v1/wallets/${noisy.id}/usage`);
    expect(usage.body.limits.ingestPerSecond).toBe(100_000);
  });
});

describe("a flood this isolate knows of", () => {
  const verdict = (emptyForMs: number): RateVerdict => ({
    kind: "ingest",
    policy: { name: "ingest", quota: 1, windowSeconds: 1 },
    allowed: false,
    remaining: 0,
    resetSeconds: 60,
    retryAfterSeconds: 60,
    emptyForMs,
  });
  // Calls the worker in this module graph, whose refusal and key caches the test can see.
  const local = { env: {} };
  const notUtf8 = {
    raw: new Uint8Array([0x7b, 0xff, 0x7d]),
    headers: { "content-type": "application/json" },
  };

  it("is refused 429 before its body is read, and other wallets and unknown keys go the full way", async () => {
    const wallet = await newWallet();
    const other = await newWallet();
    // Each key once, so this isolate knows both; revocations count as checked for a few
    // seconds, however slow the machine is between here and the next requests.
    for (const w of [wallet, other])
      expect((await call("/v1/events", { key: w.apiKey, body: event(0), ...local })).status).toBe(
        202,
      );
    await checkRevocations(() => readAuthEpoch(database(env), systemScope()), Date.now() + 5_000);
    noteEmptyBucket(wallet.id, verdict(60_000), Date.now());
    try {
      const refused = await call("/v1/events", { key: wallet.apiKey, ...notUtf8, ...local });
      expect(refused.headers.get("ratelimit-policy")).toBe('"ingest";q=1;w=1');
      expect((await expectProblem(refused, 429)).type).toBe("urn:herald:problem:rate-limited");
      // Not flooding: the body is read and refused as before.
      await expectProblem(
        await call("/v1/events", { key: other.apiKey, ...notUtf8, ...local }),
        400,
      );
      // A key in the query string is still refused with 400 first.
      await expectProblem(
        await call("/v1/events?apikey=x", { key: wallet.apiKey, ...notUtf8, ...local }),
        400,
      );
    } finally {
      forgetEmptyBucket(wallet.id);
    }
  });
});

describe("test sends, recover calls and doctor runs", () => {
  it("refuses a test send past testSendsPerMinute with 429 and the test-sends policy", async () => {
    const wallet = await newWallet();
    const hook = await newWebhook(wallet.apiKey);
    await setLimits(wallet.id, { testSendsPerMinute: 1 });
    const send = () =>
      call(`/v1/webhooks/${hook.id}/test`, {
        key: wallet.apiKey,
        body: { eventType: "ConnectionUpdated" },
      });
    expect((await send()).status).toBe(202);
    const refused = await send();
    await expectProblem(refused, 429);
    expect(refused.headers.get("ratelimit-policy")).toBe('"test-sends";q=1;w=60');
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(1);
  });

  it("refuses a recover call past recoversPerHour", async () => {
    const wallet = await newWallet();
    const hook = await newWebhook(wallet.apiKey);
    await setLimits(wallet.id, { recoversPerHour: 1 });
    const recover = () =>
      call(`/v1/webhooks/${hook.id}/recover`, {
        key: wallet.apiKey,
        body: { since: new Date(Date.now() - 60_000).toISOString() },
      });
    expect((await recover()).status).toBe(202);
    const refused = await recover();
    await expectProblem(refused, 429);
    expect(refused.headers.get("ratelimit-policy")).toBe('"recovers";q=1;w=3600');
  });

  it("gives the doctor route a limiter to call: doctorRunsPerMinute, then rate_limited", async () => {
    const wallet = await newWallet();
    await setLimits(wallet.id, { doctorRunsPerMinute: 2 });
    await takeRate(env.WALLET_LIMITER, wallet.id, "doctorRun");
    await takeRate(env.WALLET_LIMITER, wallet.id, "doctorRun");
    const refused = await takeRate(env.WALLET_LIMITER, wallet.id, "doctorRun").catch((e) => e);
    expect(refused).toBeInstanceOf(HeraldError);
    expect(refused.code).toBe("rate_limited");
    expect(refused.headers["ratelimit-policy"]).toBe('"doctor-runs";q=2;w=60');
  });
});

describe("the other writing routes", () => {
  it("answer a wallet key 429 past 600 writes a minute (the WRITE_LIMITER binding), with the writes policy", async () => {
    const wallet = await newWallet();
    // Windows are aligned to the clock: one may roll over during the loop, so the first 429
    // comes after at least 600 writes and at most 1,200.
    let allowed = 0;
    let refused: Response | null = null;
    for (let n = 0; n < 1_250 && !refused; n++) {
      const response = await call(
        `/v1/webhooks/00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
        {
          key: wallet.apiKey,
          method: "DELETE",
        },
      );
      if (response.status === 429) refused = response;
      else {
        expect(response.status).toBe(404);
        allowed++;
      }
      await response.body?.cancel();
    }
    expect(refused).not.toBeNull();
    expect(allowed).toBeGreaterThanOrEqual(600);
    expect(refused!.headers.get("ratelimit-policy")).toBe('"writes";q=600;w=60');
    expect(refused!.headers.get("retry-after")).toBe("60");
    // Reads are counted apart, and the admin key is not counted.
    expect((await call("/v1/webhooks", { key: wallet.apiKey })).status).toBe(200);
    expect(
      (await call("/v1/webhooks/00000000-0000-4000-8000-000000000000", { method: "DELETE" }))
        .status,
    ).toBe(404);
  }, 120_000);
});
