import { describe, expect, it } from "vitest";
import { callJson, newWallet, newWebhook } from "../helpers/api";
import { type AttemptRecord, type DeliveryRecord, settledDelivery } from "../helpers/delivery-log";
import { expectPipelineInvariants } from "../helpers/invariants";
import { newReceiver, type Received, type Step } from "../helpers/receiver";
import consumerFaultsSource from "../pipeline/consumer-faults.test.ts?raw";
import outcomesSource from "../pipeline/outcomes.test.ts?raw";

// Every way a receiver can misbehave, each against the real loopback receiver, with the
// attempt Herald records and what it does next. Rows already proven elsewhere are listed in
// CATALOG with the test that covers them; the rest are tested here.

const TYPE = "openid.credential.credential_issued";
const ms = (iso: string | null) => Date.parse(iso ?? "");

/** A wallet, a webhook subscribed to TYPE pointing at `url` (or a scripted receiver), and one accepted event. */
async function deliverOnce(script: Step[], fields: Record<string, unknown> = {}, url?: string) {
  const wallet = await newWallet();
  const receiver = await newReceiver(script);
  const hook = await newWebhook(wallet.apiKey, {
    url: url ?? receiver.url,
    eventTypes: [TYPE],
    ...fields,
  });
  const { status, body } = await callJson("/v1/events", {
    key: wallet.apiKey,
    body: { type: TYPE, data: { n: 1 } },
  });
  expect(status).toBe(202);
  const eventId = body.id as string;
  const watched = {
    id: hook.id,
    secret: hook.secret,
    receiver: url ? { requests: async (): Promise<Received[]> => [] } : receiver,
  };
  return {
    wallet,
    receiver,
    hook,
    eventId,
    settled: (done: (d: DeliveryRecord, a: AttemptRecord[]) => boolean, timeoutMs = 20_000) =>
      settledDelivery(hook.id, done, timeoutMs),
    /** The pipeline's invariants for this one event: one settled delivery, nothing owed elsewhere, signatures valid. */
    invariants: () =>
      expectPipelineInvariants({
        webhooks: [watched],
        accepted: [{ walletId: wallet.id, eventId, webhookIds: [hook.id] }],
      }),
  };
}

/** The planned wait before the next attempt, from the start of the last one (what D1 shows). */
const plannedWait = (delivery: DeliveryRecord, attempt: AttemptRecord) =>
  ms(delivery.next_attempt_at) - ms(attempt.started_at);

/** A row of the receiver fault catalog and the test that proves it. */
interface CatalogRow {
  fault: string;
  expected: string;
  /** "file › test name", or "here" for the tests in this file. */
  coveredBy: string;
}

const HERE = "test/hardening/receiver-faults.test.ts";
const OUTCOMES = "test/pipeline/outcomes.test.ts";
const CONSUMER_FAULTS = "test/pipeline/consumer-faults.test.ts";

/** The whole catalog: 25 rows (28 behaviours, the four redirects being one row). The README's figure counts these rows. */
export const CATALOG: CatalogRow[] = [
  {
    fault: "timeout (no answer within timeoutMs)",
    expected: "error 'timeout', retry after at least 60 s",
    coveredBy: `${OUTCOMES} › records a timeout as an error and waits at least 60 s before the next attempt`,
  },
  {
    fault: "slow headers (trickled past timeoutMs)",
    expected: "error 'timeout', cut at timeoutMs, retry after at least 60 s",
    coveredBy: HERE,
  },
  {
    fault: "slow body (status in time, body trickled past timeoutMs)",
    expected: "the 2xx counts: succeeded, cut at timeoutMs, body noted as cut",
    coveredBy: HERE,
  },
  {
    fault: "connection reset (TCP RST)",
    expected: "error, retried on schedule",
    coveredBy: `${OUTCOMES} › records a reset connection as a failed attempt with an error, then retries it`,
  },
  {
    fault: "connection refused (nothing listening)",
    expected: "error, retried on schedule, failed when exhausted",
    coveredBy: HERE,
  },
  {
    fault: "immediate close (headers read, no answer)",
    expected: "error, retried on schedule",
    coveredBy: HERE,
  },
  {
    fault: "500",
    expected: "retried on schedule with the same webhook-id and body",
    coveredBy: `${OUTCOMES} › retries a 500 after the scheduled delay with the same webhook-id and byte-identical body, stamped anew`,
  },
  {
    fault: "500 every time",
    expected: "failed when exhausted, herald.delivery.exhausted sent",
    coveredBy: `${OUTCOMES} › fails an exhausted delivery and tells the wallet's herald.* webhook with herald.delivery.exhausted`,
  },
  { fault: "502", expected: "retried on schedule (no 60 s floor)", coveredBy: HERE },
  {
    fault: "504",
    expected: "retried on schedule (no 60 s floor: the receiver answered)",
    coveredBy: HERE,
  },
  {
    fault: "429 without Retry-After",
    expected: "retry after at least 60 s",
    coveredBy: `${OUTCOMES} › waits at least 60 s after a 429 even when the schedule says 1 s`,
  },
  {
    fault: "429 with Retry-After in seconds",
    expected: "retry at Retry-After, within [delay, 2 × delay]",
    coveredBy: HERE,
  },
  {
    fault: "429 with Retry-After as an HTTP date",
    expected: "retry at that date, within [delay, 2 × delay]",
    coveredBy: HERE,
  },
  {
    fault: "429 with a garbage Retry-After",
    expected: "Retry-After ignored: retry after 60 s",
    coveredBy: HERE,
  },
  { fault: "429 with Retry-After a day away", expected: "capped at 2 × delay", coveredBy: HERE },
  { fault: "503 without Retry-After", expected: "retried on schedule", coveredBy: HERE },
  {
    fault: "503 with Retry-After",
    expected: "retry at Retry-After, within [delay, 2 × delay]",
    coveredBy: `${OUTCOMES} › honours Retry-After on a 503 within [delay, 2 × delay]`,
  },
  {
    fault: "301, 302, 307, 308",
    expected: "failed attempt, Location never followed",
    coveredBy: `${OUTCOMES} › counts a %i redirect as a failed attempt and never follows its Location`,
  },
  {
    fault: "410 Gone",
    expected: "delivery failed, webhook disabled, herald.webhook.disabled to global webhooks",
    coveredBy: `${OUTCOMES} › disables the webhook on $answer and tells the global webhooks, not the wallet's`,
  },
  {
    fault: "webhook-delivery: disable",
    expected: "webhook disabled with its reason",
    coveredBy: `${OUTCOMES} › disables the webhook on $answer and tells the global webhooks, not the wallet's`,
  },
  {
    fault: "webhook-delivery: abort-message",
    expected: "that delivery failed, no retry, webhook stays enabled",
    coveredBy: `${OUTCOMES} › ends a delivery as failed after one attempt on webhook-delivery: abort-message`,
  },
  {
    fault: "a 50 MB response body",
    expected: "succeeded, 16 KiB kept, the rest never read",
    coveredBy: HERE,
  },
  {
    fault: "a response body that is not UTF-8",
    expected: "succeeded, stored with U+FFFD",
    coveredBy: `${OUTCOMES} › stores an answer that is not UTF-8 readably, without failing the attempt`,
  },
  {
    fault: "200 before reading the request",
    expected: "succeeded once, the receiver still got the whole signed body",
    coveredBy: HERE,
  },
  {
    fault: "the object dies between the request and its record",
    expected: "attempt recorded as interrupted, resent once with the same webhook-id",
    coveredBy: `${CONSUMER_FAULTS} › records an attempt cut off by the object dying as interrupted, and resends it once with the same webhook-id`,
  },
];

describe("the receiver fault catalog", () => {
  it("names, for every fault, a test that exists", () => {
    const sources: Record<string, string> = {
      [OUTCOMES]: outcomesSource,
      [CONSUMER_FAULTS]: consumerFaultsSource,
    };
    const here = CATALOG.filter((row) => row.coveredBy === HERE);
    for (const row of CATALOG.filter((r) => r.coveredBy !== HERE)) {
      const [file, name] = row.coveredBy.split(" › ") as [string, string];
      expect(sources[file], `${row.fault}: ${file} is not loaded`).toBeDefined();
      expect(sources[file], `${row.fault}: no test named "${name}" in ${file}`).toContain(
        `"${name}"`,
      );
    }
    // Each row tested here has a test below whose name starts with the fault.
    expect(here.length).toBeGreaterThanOrEqual(13);
  });
});

describe("receivers that are slow", () => {
  it("slow headers (trickled past timeoutMs): cut at timeoutMs, recorded as a timeout, retried after at least 60 s", async () => {
    const run = await deliverOnce([{ action: "slow-headers", intervalMs: 300, lines: 15 }], {
      timeoutMs: 1_000,
      retry: { schedule: [1] },
    });
    const { delivery, attempts } = await run.settled(
      (d, a) => d.status === "pending" && a.length === 1,
    );
    expect(attempts[0]).toMatchObject({
      status_code: null,
      error: expect.stringMatching(/timeout/),
    });
    expect(attempts[0]!.duration_ms).toBeGreaterThanOrEqual(900);
    expect(attempts[0]!.duration_ms).toBeLessThan(3_000);
    expect(plannedWait(delivery, attempts[0]!)).toBeGreaterThanOrEqual(60_000);
    await run.invariants();
  });

  it("slow body (status in time, body trickled past timeoutMs): the 2xx counts, the attempt is cut at timeoutMs and notes the cut body", async () => {
    const run = await deliverOnce([{ action: "slow-body", intervalMs: 300, lines: 15 }], {
      timeoutMs: 1_000,
      retry: { schedule: [1] },
    });
    const { delivery, attempts } = await run.settled(
      (d, a) => d.status === "succeeded" && a.length === 1,
    );
    expect(delivery).toMatchObject({
      attempt_count: 1,
      last_status_code: 200,
      next_attempt_at: null,
    });
    expect(attempts[0]).toMatchObject({
      status_code: 200,
      error: expect.stringMatching(/not fully read.*timeout/),
    });
    expect(attempts[0]!.duration_ms).toBeLessThan(3_000);
    await run.invariants();
  });
});

describe("receivers that are not there or hang up", () => {
  it("connection refused (nothing listening): an error per attempt, retried on schedule, failed when exhausted", async () => {
    // Port 1 (tcpmux) has no listener on any machine that runs these tests.
    const run = await deliverOnce([], { retry: { schedule: [1] } }, "http://127.0.0.1:1/hook");
    const { delivery, attempts } = await run.settled(
      (d, a) => d.status === "failed" && a.length === 2,
    );
    expect(delivery).toMatchObject({
      attempt_count: 2,
      last_status_code: null,
      next_attempt_at: null,
    });
    for (const attempt of attempts) {
      expect(attempt.status_code).toBeNull();
      expect(attempt.error).toEqual(expect.stringMatching(/\S/));
      expect(attempt.error).not.toMatch(/timeout/);
    }
    // The schedule's 1 s (±20 %), not the 60 s pause after a timeout.
    const gap = ms(attempts[1]!.started_at) - ms(attempts[0]!.started_at);
    expect(gap).toBeGreaterThanOrEqual(750);
    expect(gap).toBeLessThan(15_000);
    await run.invariants();
  });

  it("immediate close (headers read, no answer): an error, then retried on schedule and delivered", async () => {
    const run = await deliverOnce([{ action: "close" }], { retry: { schedule: [1] } });
    const { attempts } = await run.settled((d, a) => d.status === "succeeded" && a.length === 2);
    expect(attempts[0]).toMatchObject({ status_code: null, error: expect.stringMatching(/\S/) });
    expect(attempts[1]).toMatchObject({ status_code: 200, error: null });
    const seen = await run.receiver.requests();
    expect(seen.map((r) => r.status)).toEqual([null, 200]);
    expect(seen[1]!.body).toBe(JSON.stringify(JSON.parse(seen[1]!.body)));
    await run.invariants();
  });
});

describe("receivers that answer with an error", () => {
  it.each([
    { fault: "502", step: { status: 502, body: "Bad Gateway" } },
    { fault: "504", step: { status: 504, body: "Gateway Timeout" } },
    { fault: "503 without Retry-After", step: { status: 503 } },
  ])(
    "$fault: a failed attempt with the answer recorded, retried on schedule without the 60 s floor",
    async ({ step }) => {
      const run = await deliverOnce([step], { retry: { schedule: [1] } });
      const { attempts } = await run.settled((d, a) => d.status === "succeeded" && a.length === 2);
      expect(attempts[0]).toMatchObject({ status_code: step.status, error: null });
      expect(attempts[1]).toMatchObject({ status_code: 200 });
      const gap = ms(attempts[1]!.started_at) - ms(attempts[0]!.started_at);
      expect(gap).toBeGreaterThanOrEqual(750);
      expect(gap).toBeLessThan(15_000);
      await run.invariants();
    },
  );

  // The schedule says 1 s; a 429 lifts that to at least 60 s, and Retry-After is honoured within [60 s, 120 s].
  it.each([
    { fault: "429 with Retry-After in seconds", retryAfter: "90", low: 90_000, high: 90_000 },
    {
      fault: "429 with a garbage Retry-After",
      retryAfter: "soon, please",
      low: 60_000,
      high: 60_000,
    },
    { fault: "429 with Retry-After a day away", retryAfter: "86400", low: 60_000, high: 120_000 },
  ])(
    "$fault: next attempt planned between $low and $high ms after the attempt",
    async ({ retryAfter, low, high }) => {
      const run = await deliverOnce([{ status: 429, headers: { "retry-after": retryAfter } }], {
        retry: { schedule: [1] },
      });
      const { delivery, attempts } = await run.settled(
        (d, a) => d.status === "pending" && a.length === 1,
      );
      expect(attempts[0]).toMatchObject({ status_code: 429, error: null });
      const wait = plannedWait(delivery, attempts[0]!);
      expect(wait).toBeGreaterThanOrEqual(low);
      // The delay counts from the end of the attempt; D1 shows its start.
      expect(wait).toBeLessThanOrEqual(high + attempts[0]!.duration_ms + 2_000);
      await run.invariants();
    },
  );

  it("429 with Retry-After as an HTTP date: next attempt planned at that date (inside [60 s, 120 s])", async () => {
    // Whole seconds, as an HTTP date has; 100 s away, inside the window whenever the attempt happens.
    const at = Math.ceil((Date.now() + 100_000) / 1000) * 1000;
    const run = await deliverOnce(
      [{ status: 429, headers: { "retry-after": new Date(at).toUTCString() } }],
      { retry: { schedule: [1] } },
    );
    const { delivery, attempts } = await run.settled(
      (d, a) => d.status === "pending" && a.length === 1,
    );
    expect(attempts[0]).toMatchObject({ status_code: 429, error: null });
    expect(Math.abs(ms(delivery.next_attempt_at) - at)).toBeLessThanOrEqual(1_000);
    expect(plannedWait(delivery, attempts[0]!)).toBeGreaterThanOrEqual(60_000);
    await run.invariants();
  });
});

describe("receivers that answer oddly", () => {
  it("a 50 MB response body: succeeded with the first 16 KiB kept, the rest never read", async () => {
    const run = await deliverOnce([
      { action: "huge-body", status: 200, bodyBytes: 50 * 1024 * 1024 },
    ]);
    const { attempts } = await run.settled((d, a) => d.status === "succeeded" && a.length === 1);
    expect(attempts[0]).toMatchObject({ status_code: 200, error: null });
    expect(attempts[0]!.response_body).toBe("x".repeat(16_384));
    expect(attempts[0]!.duration_ms).toBeLessThan(10_000);
    // Herald hung up long before the 50 MB were through (buffers on the way hold a few MB at most).
    const [seen] = await run.receiver.waitFor(1);
    await expect
      .poll(async () => (await run.receiver.requests())[0]!.clientGone, { timeout: 10_000 })
      .toBe(true);
    expect((await run.receiver.requests())[0]!.bytesSent).toBeLessThan(25 * 1024 * 1024);
    expect(seen!.status).toBe(200);
    await run.invariants();
  });

  it("200 before reading the request: succeeded once, and the receiver still got the whole signed body", async () => {
    const run = await deliverOnce([{ action: "answer-first", status: 200, body: "early" }]);
    const { attempts } = await run.settled((d, a) => d.status === "succeeded" && a.length === 1);
    expect(attempts[0]).toMatchObject({ status_code: 200, error: null, response_body: "early" });
    const [seen] = await run.receiver.requests();
    expect(JSON.parse(seen!.body)).toMatchObject({ id: run.eventId, type: TYPE, data: { n: 1 } });
    // invariants() verifies the signature over exactly these bytes.
    await run.invariants();
  });
});
