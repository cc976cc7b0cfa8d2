import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { FAILING_SINCE } from "../../src/delivery/deliver-one";
import { PendingStore } from "../../src/delivery/pending-store";
import type { WebhookObject } from "../../src/delivery/webhook-object";
import { DEFAULT_WALLET_ID } from "../../src/domain/ids";
import { ADMIN_KEY, call, callJson, newWallet, newWebhook } from "../helpers/api";
import {
  attemptsOf,
  deliveriesOf,
  eventually,
  settledDelivery,
  sleep,
} from "../helpers/delivery-log";
import { eventIdOf, newReceiver, type Received, type Step } from "../helpers/receiver";

type Receiver = Awaited<ReturnType<typeof newReceiver>>;

// The event type these tests send; failing webhooks subscribe to it only, so Herald's own
// notices about them (herald.*) do not land on the receiver under test.
const TYPE = "openid.credential.credential_issued";

async function postEvent(apiKey: string, fields: Record<string, unknown> = {}): Promise<string> {
  const { status, body } = await callJson("/v1/events", {
    key: apiKey,
    body: { type: TYPE, data: { n: 1 }, ...fields },
  });
  expect(status).toBe(202);
  return body.id as string;
}

/** A wallet, a scripted receiver and a webhook subscribed to TYPE, with the given settings. */
async function setUp(
  script: Step[],
  fallback: Step = { status: 200 },
  fields: Record<string, unknown> = {},
) {
  const wallet = await newWallet();
  const receiver = await newReceiver(script, fallback);
  const hook = await newWebhook(wallet.apiKey, {
    url: receiver.url,
    eventTypes: [TYPE],
    ...fields,
  });
  return { wallet, receiver, hook };
}

/** The first request the receiver got whose JSON body matches. */
function requestWhere(
  receiver: Receiver,
  what: string,
  match: (body: any) => boolean,
  timeoutMs = 15_000,
): Promise<Received> {
  return eventually(
    what,
    async () => (await receiver.requests()).find((r) => match(JSON.parse(r.body))),
    timeoutMs,
  );
}

const ms = (iso: string | null) => Date.parse(iso ?? "");
const objectOf = (id: string) =>
  env.WEBHOOK_OBJECT.get(env.WEBHOOK_OBJECT.idFromName(id)) as DurableObjectStub<WebhookObject>;

describe("what each answer of a receiver leads to", () => {
  it("records a 2xx as one succeeded attempt with the receiver's answer", async () => {
    const { wallet, receiver, hook } = await setUp([{ status: 201, body: "thanks" }]);
    const eventId = await postEvent(wallet.apiKey);

    const { delivery, attempts } = await settledDelivery(
      hook.id,
      (d, a) => d.status === "succeeded" && a.length === 1,
    );
    expect(delivery).toMatchObject({
      event_id: eventId,
      wallet_id: wallet.id,
      attempt_count: 1,
      last_status_code: 201,
      next_attempt_at: null,
    });
    expect(attempts[0]).toMatchObject({
      n: 1,
      status_code: 201,
      error: null,
      response_body: "thanks",
    });
    expect(await receiver.requests()).toHaveLength(1);
  });

  it("retries a 500 after the scheduled delay with the same webhook-id and byte-identical body, stamped anew", async () => {
    const { wallet, receiver, hook } = await setUp(
      [{ status: 500 }],
      { status: 200 },
      { retry: { schedule: [1] } },
    );
    const eventId = await postEvent(wallet.apiKey);

    const [first, second] = await receiver.waitFor(2);
    expect(eventIdOf(first!)).toBe(eventId);
    expect(eventIdOf(second!)).toBe(eventId);
    expect(second!.body).toBe(first!.body);
    for (const req of [first!, second!]) {
      // Each attempt signs its own time: within a few seconds of when it arrived.
      expect(Math.abs(Number(req.headers["webhook-timestamp"]) - req.at / 1000)).toBeLessThan(3);
      expect(() => new Webhook(hook.secret).verify(req.body, req.headers)).not.toThrow();
    }
    expect(Number(second!.headers["webhook-timestamp"])).toBeGreaterThanOrEqual(
      Number(first!.headers["webhook-timestamp"]),
    );
    // 1 s with ±20 % jitter.
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(750);
    expect(second!.at - first!.at).toBeLessThan(4_000);

    const { delivery, attempts } = await settledDelivery(
      hook.id,
      (d, a) => d.status === "succeeded" && a.length === 2,
    );
    expect(delivery.attempt_count).toBe(2);
    expect(attempts.map((a) => [a.n, a.status_code])).toEqual([
      [1, 500],
      [2, 200],
    ]);
  });

  it("fails an exhausted delivery and tells the wallet's herald.* webhook with herald.delivery.exhausted", async () => {
    const { wallet, receiver, hook } = await setUp(
      [],
      { status: 500 },
      { retry: { schedule: [1, 1] } },
    );
    const watcher = await newReceiver();
    await newWebhook(wallet.apiKey, { url: watcher.url, eventTypes: ["herald.*"] });
    const eventId = await postEvent(wallet.apiKey);

    const { delivery, attempts } = await settledDelivery(
      hook.id,
      (d, a) => d.status === "failed" && a.length === 3,
    );
    expect(delivery).toMatchObject({
      attempt_count: 3,
      last_status_code: 500,
      next_attempt_at: null,
    });
    expect(attempts.map((a) => a.status_code)).toEqual([500, 500, 500]);

    const notice = await requestWhere(
      watcher,
      "herald.delivery.exhausted",
      (b) => b.type === "herald.delivery.exhausted" && b.data.eventId === eventId,
    );
    expect(JSON.parse(notice.body)).toMatchObject({
      type: "herald.delivery.exhausted",
      walletId: wallet.id,
      data: {
        deliveryId: delivery.id,
        eventId,
        eventType: TYPE,
        webhookId: hook.id,
        attempts: 3,
        lastStatusCode: 500,
      },
    });
    expect(await receiver.requests()).toHaveLength(3);
  });

  it.each([
    { answer: "410 Gone", step: { status: 410 }, reason: /410/ },
    {
      answer: "a webhook-delivery: disable header",
      step: { status: 500, headers: { "webhook-delivery": "disable" } },
      reason: /webhook-delivery: disable/,
    },
  ])(
    "disables the webhook on $answer and tells the global webhooks, not the wallet's",
    async ({ step, reason }) => {
      const { wallet, receiver, hook } = await setUp(
        [step as Step],
        { status: 200 },
        { retry: { schedule: [1] } },
      );
      const walletWatcher = await newReceiver();
      const walletWatch = await newWebhook(wallet.apiKey, {
        url: walletWatcher.url,
        eventTypes: ["herald.*"],
      });
      const globalWatcher = await newReceiver();
      const globalWatch = await newWebhook(ADMIN_KEY, {
        url: globalWatcher.url,
        eventTypes: ["herald.webhook.disabled"],
      });
      expect(globalWatch.walletId).toBeNull();
      try {
        await postEvent(wallet.apiKey);

        const { delivery } = await settledDelivery(
          hook.id,
          (d, a) => d.status === "failed" && a.length === 1,
        );
        expect(delivery.attempt_count).toBe(1);
        const shown = await callJson(`/v1/webhooks/${hook.id}`, { key: wallet.apiKey });
        expect(shown.body.enabled).toBe(false);
        expect(shown.body.disabledReason).toMatch(reason);

        const notice = await requestWhere(
          globalWatcher,
          "herald.webhook.disabled",
          (b) => b.type === "herald.webhook.disabled" && b.data.webhookId === hook.id,
        );
        expect(JSON.parse(notice.body).data).toEqual({
          webhookId: hook.id,
          reason: shown.body.disabledReason,
        });
        await sleep(1_500);
        expect(await walletWatcher.requests()).toEqual([]);
        expect(await deliveriesOf(walletWatch.id)).toEqual([]);
        // Disabled: the scheduled retry never goes out.
        expect(await receiver.requests()).toHaveLength(1);
      } finally {
        await call(`/v1/webhooks/${globalWatch.id}`, { method: "DELETE" });
      }
    },
  );

  it("ends a delivery as failed after one attempt on webhook-delivery: abort-message", async () => {
    const { wallet, receiver, hook } = await setUp(
      [{ status: 500, headers: { "webhook-delivery": "abort-message" } }],
      { status: 200 },
      { retry: { schedule: [1] } },
    );
    await postEvent(wallet.apiKey);

    const { delivery } = await settledDelivery(
      hook.id,
      (d, a) => d.status === "failed" && a.length === 1,
    );
    expect(delivery).toMatchObject({
      attempt_count: 1,
      last_status_code: 500,
      next_attempt_at: null,
    });
    await sleep(1_500);
    expect(await receiver.requests()).toHaveLength(1);
    expect((await callJson(`/v1/webhooks/${hook.id}`, { key: wallet.apiKey })).body.enabled).toBe(
      true,
    );
  });

  it.each([301, 302, 307, 308])(
    "counts a %i redirect as a failed attempt and never follows its Location",
    async (status) => {
      const elsewhere = await newReceiver();
      const { wallet, hook } = await setUp(
        [{ status, headers: { location: elsewhere.url } }],
        { status: 200 },
        { retry: { preset: "none" } },
      );
      await postEvent(wallet.apiKey);

      const { delivery, attempts } = await settledDelivery(
        hook.id,
        (d, a) => d.status === "failed" && a.length === 1,
      );
      expect(delivery.last_status_code).toBe(status);
      expect(attempts[0]!.status_code).toBe(status);
      expect(await elsewhere.requests()).toEqual([]);
    },
  );

  it("records a timeout as an error and waits at least 60 s before the next attempt", async () => {
    const { wallet, hook } = await setUp(
      [{ delayMs: 2_500 }],
      { status: 200 },
      { timeoutMs: 1_000, retry: { schedule: [1] } },
    );
    await postEvent(wallet.apiKey);

    const { delivery, attempts } = await settledDelivery(
      hook.id,
      (d, a) => d.status === "pending" && a.length === 1,
    );
    expect(attempts[0]!.status_code).toBeNull();
    expect(attempts[0]!.error).toMatch(/time(d)? ?out/i);
    // Cut at timeoutMs, not when the receiver finally answered.
    expect(attempts[0]!.duration_ms).toBeGreaterThanOrEqual(900);
    expect(attempts[0]!.duration_ms).toBeLessThan(2_400);
    const wait = ms(delivery.next_attempt_at) - ms(attempts[0]!.started_at);
    expect(wait).toBeGreaterThanOrEqual(60_000);
    expect(wait).toBeLessThan(60_000 + attempts[0]!.duration_ms + 2_000);
  });

  it("waits at least 60 s after a 429 even when the schedule says 1 s", async () => {
    const { wallet, hook } = await setUp(
      [{ status: 429 }],
      { status: 200 },
      { retry: { schedule: [1] } },
    );
    await postEvent(wallet.apiKey);

    const { delivery, attempts } = await settledDelivery(
      hook.id,
      (d, a) => d.status === "pending" && a.length === 1,
    );
    expect(attempts[0]!.status_code).toBe(429);
    const wait = ms(delivery.next_attempt_at) - ms(attempts[0]!.started_at);
    expect(wait).toBeGreaterThanOrEqual(60_000);
    expect(wait).toBeLessThan(60_000 + attempts[0]!.duration_ms + 2_000);
  });

  it("honours Retry-After on a 503 within [delay, 2 × delay]", async () => {
    const { wallet, receiver, hook } = await setUp(
      [{ status: 503, headers: { "retry-after": "3" } }],
      { status: 200 },
      { retry: { schedule: [2] } },
    );
    await postEvent(wallet.apiKey);

    const { delivery, attempts } = await settledDelivery(
      hook.id,
      (d, a) => d.status === "pending" && a.length === 1,
    );
    const planned =
      ms(delivery.next_attempt_at) - ms(attempts[0]!.started_at) - attempts[0]!.duration_ms;
    expect(planned).toBeGreaterThanOrEqual(3_000 - 50);
    expect(planned).toBeLessThanOrEqual(4_800 + 50);

    const [first, second] = await receiver.waitFor(2);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(3_000);
    expect(second!.at - first!.at).toBeLessThan(4_800 + 1_500);
    await settledDelivery(hook.id, (d) => d.status === "succeeded" && d.attempt_count === 2);
  });

  it("records a reset connection as a failed attempt with an error, then retries it", async () => {
    const { wallet, receiver, hook } = await setUp(
      [{ action: "reset" }],
      { status: 200 },
      { retry: { schedule: [1] } },
    );
    await postEvent(wallet.apiKey);

    const { attempts } = await settledDelivery(
      hook.id,
      (d, a) => d.status === "succeeded" && a.length === 2,
    );
    expect(attempts[0]!.status_code).toBeNull();
    expect(attempts[0]!.error).toEqual(expect.stringMatching(/\S/));
    expect(attempts[1]).toMatchObject({ status_code: 200, error: null });
    expect(await receiver.requests()).toHaveLength(2);
  });

  it("keeps exactly the first 16 KiB of a larger answer and still counts the attempt a success", async () => {
    const body = "abcdefgh".repeat(5_000);
    const { wallet, hook } = await setUp([{ status: 200, body }]);
    await postEvent(wallet.apiKey);

    const { attempts } = await settledDelivery(
      hook.id,
      (d, a) => d.status === "succeeded" && a.length === 1,
    );
    expect(attempts[0]!.response_body).toBe(body.slice(0, 16_384));
    expect(attempts[0]!.error).toBeNull();
  });

  it("stores an answer that is not UTF-8 readably, without failing the attempt", async () => {
    const bytes = [0xff, 0xfe, 0x41, 0xc3, 0x28, 0x00, 0x80, 0x42];
    const { wallet, hook } = await setUp([
      { status: 200, bodyBase64: btoa(String.fromCharCode(...bytes)) },
    ]);
    await postEvent(wallet.apiKey);

    const { attempts } = await settledDelivery(
      hook.id,
      (d, a) => d.status === "succeeded" && a.length === 1,
    );
    expect(attempts[0]!.response_body).toBe("\uFFFD\uFFFDA\uFFFD(\u0000\uFFFDB");
  });

  it("keeps at most 16 KiB even when invalid bytes grow as they are decoded", async () => {
    const invalid = btoa(String.fromCharCode(...new Uint8Array(20_000).fill(0xff)));
    const { wallet, hook } = await setUp([{ status: 200, bodyBase64: invalid }]);
    await postEvent(wallet.apiKey);

    const { attempts } = await settledDelivery(
      hook.id,
      (d, a) => d.status === "succeeded" && a.length === 1,
    );
    const stored = new TextEncoder().encode(attempts[0]!.response_body!);
    expect(stored.byteLength).toBeLessThanOrEqual(16_384);
    expect(stored.byteLength).toBeGreaterThan(16_000);
  });
});

describe("when an event expires", () => {
  it("ends a delivery whose event expired before it was sent as expired, without sending it", async () => {
    const { wallet, receiver, hook } = await setUp([]);
    await postEvent(wallet.apiKey, { expiresAt: new Date(Date.now() - 1_000).toISOString() });

    const { delivery, attempts } = await settledDelivery(hook.id, (d) => d.status === "expired");
    expect(delivery.attempt_count).toBe(0);
    expect(attempts).toEqual([]);
    expect(await receiver.requests()).toEqual([]);
  });

  it("ends a delivery waiting for a retry as expired once its event lapses, without waiting for the retry", async () => {
    // The first attempt fails well before expiresAt; the retry (20 s) would come long after it.
    const { wallet, receiver, hook } = await setUp(
      [{ status: 500 }],
      { status: 200 },
      { retry: { schedule: [20] } },
    );
    const expiresAt = Date.now() + 4_000;
    await postEvent(wallet.apiKey, { expiresAt: new Date(expiresAt).toISOString() });

    await receiver.waitFor(1);
    const { delivery } = await settledDelivery(hook.id, (d) => d.status === "expired", 10_000);
    expect(delivery.attempt_count).toBe(1);
    expect(ms(delivery.updated_at)).toBeGreaterThanOrEqual(expiresAt);
    expect(await receiver.requests()).toHaveLength(1);
  });
});

describe("pacing and concurrency", () => {
  it("paces a webhook with rateLimitPerSecond 2 to about two requests a second", async () => {
    const { wallet, receiver, hook } = await setUp([], { status: 200 }, { rateLimitPerSecond: 2 });
    const events = Array.from({ length: 6 }, (_, i) => ({ type: TYPE, data: { i } }));
    expect(
      (await callJson("/v1/events/batch", { key: wallet.apiKey, body: { events } })).status,
    ).toBe(202);

    const got = await receiver.waitFor(6);
    const arrivals = got.map((r) => r.at);
    expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThanOrEqual(2_000);
    // The pacing rule is on when Herald starts each attempt, so the gaps are read from the
    // attempts' own start times (arrival times at the receiver jitter on a loaded machine).
    // Unpaced, they start within a few ms of each other; paced, 500 ms apart, less the few ms
    // between the object's dispatch and the attempt taking its start time.
    const delivered = await eventually("six succeeded and mirrored", async () => {
      const rows = await deliveriesOf(hook.id);
      return rows.length === 6 && rows.every((d) => d.status === "succeeded") ? rows : null;
    });
    const starts = (await Promise.all(delivered.map((d) => attemptsOf(d.id))))
      .map((attempts) => ms(attempts[0]!.started_at))
      .sort((a, b) => a - b);
    for (let i = 1; i < starts.length; i++)
      expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(450);
    // fifo by default: in the order they were accepted.
    expect(got.map((r) => JSON.parse(r.body).data.i)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("keeps at most maxInFlight requests open at once for an unordered webhook, in parallel", async () => {
    const { wallet, receiver } = await setUp(
      [],
      { status: 200, delayMs: 700 },
      { ordering: "unordered", maxInFlight: 3 },
    );
    const events = Array.from({ length: 6 }, (_, i) => ({ type: TYPE, data: { i } }));
    expect(
      (await callJson("/v1/events/batch", { key: wallet.apiKey, body: { events } })).status,
    ).toBe(202);

    const starts = (await receiver.waitFor(6)).map((r) => r.at).sort((a, b) => a - b);
    // A request is open from its arrival until the receiver answers 700 ms later.
    const openAt = (t: number) => starts.filter((s) => s <= t && t < s + 700).length;
    const most = Math.max(...starts.map(openAt));
    expect(most).toBeLessThanOrEqual(3);
    expect(most).toBeGreaterThanOrEqual(2);
    // One at a time would take at least 5 × 700 ms between the first and the last arrival.
    expect(starts.at(-1)! - starts[0]!).toBeLessThan(5 * 700);
  });
});

describe("enabling and disabling", () => {
  it("holds a delivery while the webhook is disabled by PATCH and resumes it when enabled again", async () => {
    const { wallet, receiver, hook } = await setUp(
      [{ status: 500 }],
      { status: 200 },
      { retry: { schedule: [2] } },
    );
    await postEvent(wallet.apiKey);
    await receiver.waitFor(1);
    expect(
      (
        await callJson(`/v1/webhooks/${hook.id}`, {
          key: wallet.apiKey,
          method: "PATCH",
          body: { enabled: false },
        })
      ).status,
    ).toBe(200);

    await sleep(3_500);
    expect(await receiver.requests()).toHaveLength(1);
    const [held] = await deliveriesOf(hook.id);
    expect(held).toMatchObject({ status: "pending", attempt_count: 1 });

    const resumedAt = Date.now();
    const patched = await callJson(`/v1/webhooks/${hook.id}`, {
      key: wallet.apiKey,
      method: "PATCH",
      body: { enabled: true },
    });
    expect(patched.body).toMatchObject({ enabled: true, disabledReason: null });
    const [, second] = await receiver.waitFor(2);
    expect(second!.at).toBeGreaterThanOrEqual(resumedAt - 100);
    await settledDelivery(hook.id, (d) => d.status === "succeeded" && d.attempt_count === 2);
  });

  it("stops sending a backlog as soon as the webhook is disabled mid-run, and sends the rest in order once enabled", async () => {
    const { wallet, receiver, hook } = await setUp([], { status: 200, delayMs: 500 });
    const events = Array.from({ length: 5 }, (_, i) => ({ type: TYPE, data: { i } }));
    expect(
      (await callJson("/v1/events/batch", { key: wallet.apiKey, body: { events } })).status,
    ).toBe(202);
    await receiver.waitFor(1);
    expect(
      (
        await callJson(`/v1/webhooks/${hook.id}`, {
          key: wallet.apiKey,
          method: "PATCH",
          body: { enabled: false },
        })
      ).status,
    ).toBe(200);

    // Sent one after another, all five would have arrived within 2.5 s.
    await sleep(3_000);
    expect((await receiver.requests()).length).toBeLessThanOrEqual(2);

    await callJson(`/v1/webhooks/${hook.id}`, {
      key: wallet.apiKey,
      method: "PATCH",
      body: { enabled: true },
    });
    const all = await receiver.waitFor(5);
    expect(all.map((r) => JSON.parse(r.body).data.i)).toEqual([0, 1, 2, 3, 4]);
  });

  it("still delivers the first event of a webhook whose settings changed before any event reached it", async () => {
    const { wallet, receiver, hook } = await setUp([]);
    expect(
      (
        await callJson(`/v1/webhooks/${hook.id}`, {
          key: wallet.apiKey,
          method: "PATCH",
          body: { description: "changed" },
        })
      ).status,
    ).toBe(200);
    const eventId = await postEvent(wallet.apiKey);

    const [req] = await receiver.waitFor(1);
    expect(eventIdOf(req!)).toBe(eventId);
  });

  it("disables a webhook on a failure once every delivery has failed for AUTO_DISABLE_AFTER_HOURS", async () => {
    const { wallet, receiver, hook } = await setUp(
      [],
      { status: 500 },
      { retry: { preset: "none" } },
    );
    const hours = Number(env.AUTO_DISABLE_AFTER_HOURS ?? 120);
    // The streak began longer ago than the limit: the next failure crosses it.
    await runInDurableObject(objectOf(hook.id), (_instance, state) => {
      new PendingStore(state.storage.sql).setMeta(
        FAILING_SINCE,
        String(Date.now() - (hours + 1) * 3_600_000),
      );
    });
    await postEvent(wallet.apiKey);

    await receiver.waitFor(1);
    const shown = await eventually("the webhook to be disabled", async () => {
      const { body } = await callJson(`/v1/webhooks/${hook.id}`, { key: wallet.apiKey });
      return body.enabled === false ? body : null;
    });
    expect(shown.disabledReason).toMatch(new RegExp(`${hours} hours`));
  });

  it("starts the failure streak over after a success, so one later failure does not disable", async () => {
    const { wallet, receiver, hook } = await setUp(
      [{ status: 200 }],
      { status: 500 },
      { retry: { preset: "none" } },
    );
    const hours = Number(env.AUTO_DISABLE_AFTER_HOURS ?? 120);
    const meta = () =>
      runInDurableObject(objectOf(hook.id), (_instance, state) =>
        new PendingStore(state.storage.sql).getMeta(FAILING_SINCE),
      );
    await runInDurableObject(objectOf(hook.id), (_instance, state) => {
      new PendingStore(state.storage.sql).setMeta(
        FAILING_SINCE,
        String(Date.now() - (hours + 1) * 3_600_000),
      );
    });

    await postEvent(wallet.apiKey);
    await settledDelivery(hook.id, (d) => d.status === "succeeded");
    expect(await meta()).toBeNull();

    const failedAt = Date.now();
    await postEvent(wallet.apiKey);
    await receiver.waitFor(2);
    const since = Number(await eventually("a new failure streak", meta));
    expect(since).toBeGreaterThanOrEqual(failedAt);
    expect((await callJson(`/v1/webhooks/${hook.id}`, { key: wallet.apiKey })).body).toMatchObject({
      enabled: true,
      disabledReason: null,
    });
  });
});

describe("notices about global webhooks", () => {
  it("sends herald.delivery.exhausted of a global webhook to the global webhooks only, never to a wallet's", async () => {
    const wallet = await newWallet();
    const type = "openid.credential.issuance_denied";
    const failing = await newReceiver([], { status: 500 });
    const failingHook = await newWebhook(ADMIN_KEY, {
      url: failing.url,
      eventTypes: [type],
      retry: { preset: "none" },
    });
    const globalWatcher = await newReceiver();
    const globalWatch = await newWebhook(ADMIN_KEY, {
      url: globalWatcher.url,
      eventTypes: ["herald.delivery.exhausted"],
    });
    const defaultWatcher = await newReceiver();
    const defaultWatch = await newWebhook(ADMIN_KEY, {
      url: defaultWatcher.url,
      walletId: DEFAULT_WALLET_ID,
      eventTypes: ["herald.*"],
    });
    const walletWatcher = await newReceiver();
    await newWebhook(wallet.apiKey, { url: walletWatcher.url, eventTypes: ["herald.*"] });
    try {
      const { body } = await callJson("/v1/events", {
        key: wallet.apiKey,
        body: { type, data: {} },
      });

      await requestWhere(
        globalWatcher,
        "the exhausted notice",
        (b) => b.data?.webhookId === failingHook.id && b.data?.eventId === body.id,
      );
      await sleep(1_500);
      const aboutIt = (r: Received) => JSON.parse(r.body).data?.webhookId === failingHook.id;
      expect((await defaultWatcher.requests()).filter(aboutIt)).toEqual([]);
      expect((await walletWatcher.requests()).filter(aboutIt)).toEqual([]);
    } finally {
      for (const id of [failingHook.id, globalWatch.id, defaultWatch.id])
        await call(`/v1/webhooks/${id}`, { method: "DELETE" });
    }
  });
});
