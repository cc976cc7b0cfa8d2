import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { WebhookObject } from "../../src/delivery/webhook-object";
import type { HeraldMessage } from "../../src/domain/event-contract/messages";
import { call, callJson, expectProblem, newWallet, newWebhook } from "../helpers/api";
import {
  failingD1,
  failingStreams,
  faultSwitch,
  faultyStatements,
  recordingQueue,
  refusingQueue,
  wrappedObjects,
} from "../helpers/faults";
import { expectPipelineInvariants, type WatchedWebhook } from "../helpers/invariants";
import { heldDeliveries, objectOf } from "../helpers/objects";
import {
  ackedIds,
  batchOf,
  consume,
  EVENTS_QUEUE,
  eventMessages,
  everyShard,
  queuedEvent,
  retriedIds,
} from "../helpers/queue";
import { eventIdOf, newReceiver, type Step } from "../helpers/receiver";
import { deliveriesInD1 } from "../helpers/wait";
import consumerFaultsSource from "../pipeline/consumer-faults.test.ts?raw";
import deadLettersSource from "../pipeline/dead-letters.test.ts?raw";

// Crash and platform faults: each step of the pipeline fails in turn, and afterwards every
// accepted event is delivered once (at most one duplicate, recognisable, where an object died
// mid-request) and the invariants of test/helpers/invariants.ts hold.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function watched(apiKey: string, fields: Record<string, unknown> = {}, script: Step[] = []) {
  const receiver = await newReceiver(script);
  const hook = await newWebhook(apiKey, { url: receiver.url, ...fields });
  return {
    id: hook.id,
    secret: hook.secret,
    receiver,
    ordering: (fields.ordering ?? "fifo") as "fifo" | "unordered",
  } satisfies WatchedWebhook;
}

async function storedCount(walletId: string): Promise<number> {
  return (await env.DB.prepare("SELECT COUNT(*) AS n FROM events WHERE wallet_id = ?")
    .bind(walletId)
    .first<{ n: number }>())!.n;
}

/** One step of the consumer's fan-out, broken: the env overrides that break it, and what the failed run must have done. */
interface FanOutStep {
  step: string;
  /** Env overrides for the broken run; `handoff` turns the first run into a continuation message. */
  broken: (fault: ReturnType<typeof faultSwitch>) => Partial<Env> & Record<string, unknown>;
  /** Whether the broken run already stored the events in D1. */
  stored: boolean;
  /** Whether the broken run retries every message (false: it acks them, the step being best effort). */
  retried: boolean;
  /**
   * What happened before the broken run: "stored", the events were stored by an earlier try whose
   * hand-off failed (the broken run is a redelivery); "continuation", the same, and what is left
   * is a continuation (hand-off) message.
   */
  before?: "stored" | "continuation";
}

const EVENTS = /^insert into "events"/i;
const READ_EVENTS = /^select .* from "events"/i;
const WEBHOOKS = /from "webhooks"/i;

const STEPS: FanOutStep[] = [
  {
    step: "storing the batch in D1",
    broken: (f) => ({ DB: faultyStatements(env.DB, EVENTS, "refuse", f) }),
    stored: false,
    retried: true,
  },
  {
    step: "reading back what an earlier try stored",
    broken: (f) => ({ DB: faultyStatements(env.DB, READ_EVENTS, "read-nothing", f) }),
    stored: true,
    retried: true,
    before: "stored",
  },
  {
    step: "matching subscribers",
    broken: (f) => ({ DB: faultyStatements(env.DB, WEBHOOKS, "refuse", f) }),
    stored: true,
    retried: true,
  },
  {
    step: "handing off to the webhook objects",
    broken: (f) => ({
      WEBHOOK_OBJECT: new Proxy(env.WEBHOOK_OBJECT, {
        get: (t, p) =>
          p === "get" && f.failing
            ? () => {
                f.refused++;
                throw new Error("injected fault: objects unreachable");
              }
            : (Reflect.get(t, p, t).bind?.(t) ?? Reflect.get(t, p, t)),
      }),
    }),
    stored: true,
    retried: true,
  },
  {
    step: "sending continuations",
    broken: (f) => ({
      FANOUT_CALLS_PER_INVOCATION: "1",
      ...everyShard(refusingQueue(env.EVENTS_QUEUE_0, f)),
    }),
    stored: true,
    retried: true,
  },
  {
    step: "publishing to the live streams",
    broken: (f) => ({ WALLET_STREAM: failingStreams(env.WALLET_STREAM, f) }),
    stored: true,
    retried: false,
  },
  {
    step: "loading a continuation's events",
    broken: (f) => ({ DB: faultyStatements(env.DB, READ_EVENTS, "refuse", f) }),
    stored: true,
    retried: true,
    before: "continuation",
  },
];

describe("the consumer failing at each step of the fan-out", () => {
  it.each(STEPS)(
    "$step: the batch is retried (or the step skipped) and every event reaches every webhook once",
    async ({ broken, stored, retried, before }) => {
      const wallet = await newWallet();
      const hooks = [
        await watched(wallet.apiKey),
        await watched(wallet.apiKey, { ordering: "unordered" }),
      ];
      const events = [
        await queuedEvent(wallet.id, { type: "credential.offered" }),
        await queuedEvent(wallet.id, { type: "credential.issued" }),
      ];
      let messages = eventMessages(events);
      if (before) {
        // An earlier try stored the events, then could reach neither webhook's object.
        const store = batchOf(EVENTS_QUEUE, messages);
        expect(
          ackedIds(
            await consume(store, {
              WEBHOOK_OBJECT: wrappedObjects(
                env.WEBHOOK_OBJECT,
                hooks.map((h) => h.id),
              ).namespace,
            }),
            store,
          ),
        ).toEqual([]);
        expect(await storedCount(wallet.id)).toBe(events.length);
        const body: HeraldMessage = {
          kind: "handoff",
          walletId: wallet.id,
          eventIds: events.map((e) => e.id),
          webhookIds: hooks.map((h) => h.id),
        };
        messages =
          before === "continuation"
            ? [{ id: crypto.randomUUID(), body }]
            : messages.map((m) => ({ ...m, attempts: 2 }));
      }

      const fault = faultSwitch();
      const batch = batchOf(EVENTS_QUEUE, messages);
      const result = await consume(batch, broken(fault));
      expect(fault.refused).toBeGreaterThan(0);
      const ids = batch.messages.map((m) => m.id).sort();
      if (retried) {
        expect(retriedIds(result)).toEqual(ids);
        expect(result.explicitAcks).toEqual([]);
      } else {
        expect(ackedIds(result, batch)).toEqual(ids);
      }
      expect(await storedCount(wallet.id)).toBe(stored ? events.length : 0);

      if (retried) {
        const again = batchOf(
          EVENTS_QUEUE,
          messages.map((m) => ({ ...m, attempts: (m.attempts ?? 1) + 1 })),
        );
        expect(ackedIds(await consume(again), again)).toEqual(ids);
      }
      await Promise.all(hooks.map((h) => h.receiver.waitFor(events.length)));
      await sleep(1_500);
      await expectPipelineInvariants({
        webhooks: hooks,
        accepted: events.map((e) => ({
          walletId: wallet.id,
          eventId: e.id,
          webhookIds: hooks.map((h) => h.id),
        })),
      });
      for (const hook of hooks)
        expect((await hook.receiver.requests()).map(eventIdOf).sort()).toEqual(
          events.map((e) => e.id).sort(),
        );
    },
  );
});

describe("D1 failing", () => {
  it("during ingest's lookup of a client-chosen id: 503 with Retry-After, nothing queued; accepted once D1 is back", async () => {
    const wallet = await newWallet();
    const hook = await watched(wallet.apiKey);
    // Warm the key cache, as a client that has been sending for a while has.
    expect((await call("/v1/webhooks", { key: wallet.apiKey })).status).toBe(200);
    const body = { id: `client-${crypto.randomUUID()}`, type: "credential.issued", data: { v: 1 } };
    const fault = faultSwitch();
    const queue = recordingQueue(env.EVENTS_QUEUE_0);

    const refused = await call("/v1/events", {
      key: wallet.apiKey,
      body,
      env: {
        DB: faultyStatements(env.DB, READ_EVENTS, "refuse", fault),
        ...everyShard(queue.queue),
      },
    });
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    await expectProblem(refused, 503);
    expect(fault.refused).toBeGreaterThan(0);
    expect(queue.sent).toEqual([]);

    expect((await callJson("/v1/events", { key: wallet.apiKey, body })).status).toBe(202);
    await hook.receiver.waitFor(1);
    await sleep(1_500);
    await expectPipelineInvariants({
      webhooks: [hook],
      accepted: [{ walletId: wallet.id, eventId: body.id, webhookIds: [hook.id] }],
    });
  });

  it("entirely, on ingest without a client id: still 202, since the queue takes the events; delivered once D1 is back", async () => {
    const wallet = await newWallet();
    const hook = await watched(wallet.apiKey);
    // A client that has been sending: its key is cached, and so is the list of wallets that validate ingest.
    const earlier = await callJson("/v1/events", {
      key: wallet.apiKey,
      body: { type: "credential.issued", data: { n: 0 } },
    });
    expect(earlier.status).toBe(202);
    // Past the 5 s the isolate keeps that list: the next ingest would refresh it from D1.
    await sleep(5_500);
    const fault = faultSwitch();
    const down = failingD1(env.DB, ["prepare", "batch", "exec"], fault);

    const accepted = await callJson("/v1/events", {
      key: wallet.apiKey,
      body: { type: "credential.issued", data: { n: 1 } },
      env: { DB: down },
    });
    expect(accepted.status).toBe(202);
    expect(fault.refused).toBeGreaterThan(0);
    await hook.receiver.waitFor(2);
    await sleep(1_500);
    const accepted2 = [earlier.body.id, accepted.body.id].map((eventId) => ({
      walletId: wallet.id,
      eventId,
      webhookIds: [hook.id],
    }));
    await expectPipelineInvariants({ webhooks: [hook], accepted: accepted2 });
  });

  it("during the object's recording (the mirror to D1): deliveries still go out once, and reach D1 when it is back", async () => {
    const wallet = await newWallet();
    const hook = await watched(wallet.apiKey);
    const first = await callJson("/v1/events", {
      key: wallet.apiKey,
      body: { type: "credential.issued", data: { n: 0 } },
    });
    await hook.receiver.waitFor(1);
    await expectPipelineInvariants({
      webhooks: [hook],
      accepted: [{ walletId: wallet.id, eventId: first.body.id, webhookIds: [hook.id] }],
    });

    // The object's D1 handle now refuses batches: the mirror's only way to write.
    const fault = faultSwitch();
    await runInDurableObject(objectOf(hook.id), (instance: WebhookObject) => {
      const object = instance as unknown as { env: Env };
      object.env = { ...object.env, DB: failingD1(object.env.DB, ["batch"], fault) };
    });
    const events = { events: [1, 2, 3].map((n) => ({ type: "credential.issued", data: { n } })) };
    const batch = await callJson("/v1/events/batch", { key: wallet.apiKey, body: events });
    expect(batch.status).toBe(202);
    const later: string[] = batch.body.data.map((d: { id: string }) => d.id);

    await hook.receiver.waitFor(4);
    await sleep(2_000);
    expect(fault.refused).toBeGreaterThan(0);
    const mirrored = await env.DB.prepare(
      `SELECT COUNT(*) AS n FROM deliveries WHERE webhook_id = ? AND status = 'succeeded'`,
    )
      .bind(hook.id)
      .first<{ n: number }>();
    expect(mirrored!.n).toBe(1);

    fault.failing = false;
    // The failed runs back off (2 s, 4 s, ... at most 60 s); running the alarm now saves the wait.
    await runDurableObjectAlarm(objectOf(hook.id));
    await expectPipelineInvariants({
      webhooks: [hook],
      accepted: [first.body.id, ...later].map((eventId) => ({
        walletId: wallet.id,
        eventId,
        webhookIds: [hook.id],
      })),
      timeoutMs: 30_000,
    });
    expect((await hook.receiver.requests()).map(eventIdOf)).toEqual([first.body.id, ...later]);
  });
});

describe("a webhook object dying mid-request", () => {
  it("with several unordered deliveries in flight: each is recorded as interrupted and resent once, with the same webhook-id", async () => {
    const wallet = await newWallet();
    const slow: Step = { status: 200, delayMs: 2_000 };
    const hook = await watched(
      wallet.apiKey,
      { ordering: "unordered", maxInFlight: 3, retry: { schedule: [1, 1] } },
      [slow, slow, slow],
    );
    // One hand-off of three events, so the object's first run sends all three at once.
    const events = await Promise.all(
      [1, 2, 3].map((n) => queuedEvent(wallet.id, { type: "credential.issued", data: { n } })),
    );
    expect(await objectOf(hook.id).enqueue(hook.id, events)).toBe(3);
    const ids = events.map((e) => e.id);
    await hook.receiver.waitFor(3);
    await expect
      .poll(async () => (await heldDeliveries(hook.id)).map((d) => d.status), { timeout: 5_000 })
      .toEqual(["sending", "sending", "sending"]);

    await expect(
      runInDurableObject(objectOf(hook.id), (_instance, state) =>
        state.abort("injected fault: the object dies mid-attempt"),
      ),
    ).rejects.toThrow(/dies mid-attempt/);
    await runDurableObjectAlarm(objectOf(hook.id));
    await hook.receiver.waitFor(6);
    // The receiver can see a resend before D1 sees its attempt (the mirror is batched): wait for the record.
    await deliveriesInD1(hook.id, { succeeded: 3 });

    const report = await expectPipelineInvariants({
      webhooks: [hook],
      accepted: ids.map((eventId) => ({ walletId: wallet.id, eventId, webhookIds: [hook.id] })),
    });
    for (const delivery of report.deliveries.values())
      expect(delivery).toMatchObject({ status: "succeeded", attempt_count: 2 });
    await sleep(1_500);
    const seen = (await hook.receiver.requests()).map(eventIdOf);
    // At-least-once: one duplicate at most per event, each with the event's own webhook-id.
    for (const id of ids) expect(seen.filter((s) => s === id)).toHaveLength(2);
    const interrupted = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM attempts WHERE webhook_id = ? AND error LIKE 'interrupted%'",
    )
      .bind(hook.id)
      .first<{ n: number }>();
    expect(interrupted!.n).toBe(3);
  });
});

describe("a subject-ordered webhook's object dying mid-request", () => {
  it("keeps each subject's order and sequence numbers, resends the cut-off heads with their numbers, and a failing subject still holds only itself", async () => {
    const wallet = await newWallet();
    const slow: Step = { status: 200, delayMs: 2_000 };
    const receiver = await newReceiver([slow, slow, slow], { status: 200 }, [
      { bodyIncludes: '"subject":"held"', step: { status: 500 } },
    ]);
    const hook = await newWebhook(wallet.apiKey, {
      url: receiver.url,
      ordering: "subject",
      maxInFlight: 3,
      retry: { schedule: Array.from({ length: 20 }, () => 1) },
    });
    // Interleaved a0 b0 c0 held0 a1 …: the first run sends the heads of a, b and c at once.
    const subjects = ["a", "b", "c", "held"];
    const events = [];
    for (let i = 0; i < 5; i++)
      for (const subject of subjects)
        events.push(
          await queuedEvent(wallet.id, {
            id: `${subject}${i}`,
            type: "t.exchange",
            subject,
            data: { subject, i },
          }),
        );
    expect(await objectOf(hook.id).enqueue(hook.id, events)).toBe(20);
    await receiver.waitFor(3);
    await expect
      .poll(
        async () => (await heldDeliveries(hook.id)).filter((d) => d.status === "sending").length,
        {
          timeout: 5_000,
        },
      )
      .toBe(3);

    await expect(
      runInDurableObject(objectOf(hook.id), (_instance, state) =>
        state.abort("injected fault: the object dies mid-attempt"),
      ),
    ).rejects.toThrow(/dies mid-attempt/);
    await runDurableObjectAlarm(objectOf(hook.id));
    // 3 subjects × 5 events, plus one resend of each head the crash cut off.
    const ok = (r: { status: number | null }) => r.status !== null && r.status < 300;
    await expect
      .poll(async () => (await receiver.requests()).filter(ok).length, { timeout: 30_000 })
      .toBe(18);
    await deliveriesInD1(hook.id, { succeeded: 15 });

    const seen = await receiver.requests();
    const of = (subject: string) =>
      seen.filter(
        (r) => (JSON.parse(r.body) as { data: { subject: string } }).data.subject === subject,
      );
    for (const subject of ["a", "b", "c"]) {
      const arrived = of(subject).map((r) => [
        (JSON.parse(r.body) as { id: string }).id,
        r.headers["webhook-sequence"],
      ]);
      expect(arrived, subject).toEqual([
        [`${subject}0`, "1"],
        [`${subject}0`, "1"],
        [`${subject}1`, "2"],
        [`${subject}2`, "3"],
        [`${subject}3`, "4"],
        [`${subject}4`, "5"],
      ]);
    }
    const held = of("held");
    expect(held.length).toBeGreaterThan(0);
    for (const r of held)
      expect([(JSON.parse(r.body) as { id: string }).id, r.headers["webhook-sequence"]]).toEqual([
        "held0",
        "1",
      ]);
    const interrupted = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM attempts WHERE webhook_id = ? AND error LIKE 'interrupted%'",
    )
      .bind(hook.id)
      .first<{ n: number }>();
    expect(interrupted!.n).toBe(3);
  });
});

/** The crash and platform fault catalog: each fault and the test that proves it. */
export const CRASH_CATALOG: { fault: string; coveredBy: string }[] = [
  ...STEPS.map((s) => ({ fault: `consumer: ${s.step}`, coveredBy: "here" })),
  { fault: "D1: ingest's client-id lookup fails", coveredBy: "here" },
  { fault: "D1: down entirely during ingest without a client id", coveredBy: "here" },
  { fault: "D1: the object's mirror write fails", coveredBy: "here" },
  {
    fault: "D1: the consumer's batched write fails",
    coveredBy:
      "test/pipeline/consumer-faults.test.ts › retries every event message and acks none while D1 refuses the batched write, then delivers each event once",
  },
  {
    fault: "one webhook object unreachable",
    coveredBy:
      "test/pipeline/consumer-faults.test.ts › retries only the messages whose events went to an unreachable object, and the retry sends no second copy elsewhere",
  },
  {
    fault: "the same message consumed twice at once",
    coveredBy:
      "test/pipeline/consumer-faults.test.ts › sends a redelivered event message to each webhook once, even when both copies are consumed at the same time",
  },
  {
    fault: "a partly handed-off fan-out retried",
    coveredBy:
      "test/pipeline/consumer-faults.test.ts › retries a partly handed-off fan-out without a second copy for the webhooks its first run or its continuation reached",
  },
  {
    fault: "object killed between request and record (fifo)",
    coveredBy:
      "test/pipeline/consumer-faults.test.ts › records an attempt cut off by the object dying as interrupted, and resends it once with the same webhook-id",
  },
  { fault: "object killed with three unordered requests in flight", coveredBy: "here" },
  { fault: "object killed with three subject heads in flight", coveredBy: "here" },
  {
    fault: "alarm throwing past the platform's retries, cron sweep recovers",
    coveredBy:
      "test/pipeline/consumer-faults.test.ts › delivers once the cron sweep re-arms an object whose alarm kept failing while D1 was unreachable",
  },
  {
    fault: "alarm chain deleted, cron sweep recovers",
    coveredBy:
      "test/pipeline/consumer-faults.test.ts › delivers once the cron sweep wakes an object whose alarm was deleted while a delivery was pending",
  },
  {
    fault: "queue refuses ingest sends",
    coveredBy:
      "test/pipeline/consumer-faults.test.ts › answers 503 with Retry-After and stores nothing when the queue refuses an event, and accepts the same id once it recovers",
  },
  {
    fault: "a message reaches the dead-letter queue",
    coveredBy:
      "test/pipeline/dead-letters.test.ts › retries a message the event consumer cannot read, so it ends in the dead-letter queue, and delivers the rest of its batch",
  },
  {
    fault: "dead-letter recording while D1 is down",
    coveredBy:
      "test/pipeline/dead-letters.test.ts › retries dead letters instead of acking them while D1 is unreachable, and records them once it is back",
  },
];

describe("the crash fault catalog", () => {
  it("names, for every fault proven elsewhere, a test that exists", () => {
    const sources: Record<string, string> = {
      "test/pipeline/consumer-faults.test.ts": consumerFaultsSource,
      "test/pipeline/dead-letters.test.ts": deadLettersSource,
    };
    for (const row of CRASH_CATALOG.filter((r) => r.coveredBy !== "here")) {
      const [file, name] = row.coveredBy.split(" › ") as [string, string];
      expect(sources[file], `${row.fault}: ${file}`).toContain(`"${name}"`);
    }
    console.log(`crash fault catalog: ${CRASH_CATALOG.length} faults`);
  });
});
