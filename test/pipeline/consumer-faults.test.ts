import {
  createScheduledController,
  runDurableObjectAlarm,
  runInDurableObject,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { sweep } from "../../src/cron/sweep";
import { database } from "../../src/db/client";
import type { WebhookObject } from "../../src/delivery/webhook-object";
import worker from "../../src/index";
import { overdueWebhooks } from "../../src/repositories/maintenance";
import { systemScope } from "../../src/repositories/scope";
import { call, callJson, expectProblem, newWallet, newWebhook } from "../helpers/api";
import {
  failingD1,
  faultSwitch,
  recordingQueue,
  refusingQueue,
  wrappedObjects,
} from "../helpers/faults";
import { expectPipelineInvariants, type WatchedWebhook } from "../helpers/invariants";
import { heldDeliveries, heldEventIds, objectOf } from "../helpers/objects";
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
import { eventIdOf, newReceiver, type Received, type Step } from "../helpers/receiver";
import { rowsOfAllShards, walletDb, withEveryD1 } from "../helpers/shards";

/** A webhook of the wallet with its own receiver, ready to hand to the invariant checker. */
async function watched(
  apiKey: string,
  fields: Record<string, unknown> = {},
  script: Step[] = [],
): Promise<WatchedWebhook & { receiver: Awaited<ReturnType<typeof newReceiver>> }> {
  const receiver = await newReceiver(script);
  const hook = await newWebhook(apiKey, { url: receiver.url, ...fields });
  return { id: hook.id, secret: hook.secret, receiver };
}

const idsOf = (requests: Received[]) => requests.map(eventIdOf);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// The local queue hands a batch over within its 1 s batch timeout: two seconds lets a late
// (re)delivery of a message that was already sent arrive before a test counts copies.
const settleQueue = () => sleep(2_000);

async function storedEventCount(walletId: string): Promise<number> {
  return (await walletDb(walletId)
    .prepare("SELECT COUNT(*) AS n FROM events WHERE wallet_id = ?")
    .bind(walletId)
    .first<{ n: number }>())!.n;
}

/** Waits until D1's next attempt time for this delivery has passed: from then on the sweep counts it as overdue. */
async function untilOverdue(webhookId: string, eventId: string): Promise<void> {
  const [row] = await rowsOfAllShards<{ next_attempt_at: string }>(
    "SELECT next_attempt_at FROM deliveries WHERE webhook_id = ? AND event_id = ?",
    webhookId,
    eventId,
  );
  await sleep(Math.max(0, Date.parse(row!.next_attempt_at) - Date.now()) + 100);
}

/** Polls D1 until the webhook's delivery of this event shows `status`. */
async function untilDelivery(
  webhookId: string,
  eventId: string,
  status: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const select = async () =>
    (
      await rowsOfAllShards<{ status: string }>(
        "SELECT status FROM deliveries WHERE webhook_id = ? AND event_id = ?",
        webhookId,
        eventId,
      )
    )[0];
  while ((await select())?.status !== status) {
    if (Date.now() > deadline)
      expect.fail(`delivery of ${eventId} to ${webhookId} never became ${status}`);
    await sleep(50);
  }
}

describe("consumer faults", () => {
  it("retries every event message and acks none while D1 refuses the batched write, then delivers each event once", async () => {
    const wallet = await newWallet();
    const hooks = [await watched(wallet.apiKey), await watched(wallet.apiKey)];
    const events = [
      await queuedEvent(wallet.id, { type: "credential.offered" }),
      await queuedEvent(wallet.id, { type: "credential.issued" }),
      await queuedEvent(wallet.id, { type: "credential.revoked" }),
    ];
    const messages = eventMessages(events);
    const fault = faultSwitch();
    const broken = batchOf(EVENTS_QUEUE, messages);
    const result = await consume(
      broken,
      withEveryD1((db) => failingD1(db, ["batch"], fault)),
    );

    expect(fault.refused).toBeGreaterThan(0);
    expect(retriedIds(result)).toEqual(broken.messages.map((m) => m.id).sort());
    expect(result.explicitAcks).toEqual([]);
    expect(result.ackAll).toBe(false);
    expect(await storedEventCount(wallet.id)).toBe(0);
    for (const hook of hooks) expect(await heldEventIds(hook.id)).toEqual([]);

    const redelivered = batchOf(
      EVENTS_QUEUE,
      messages.map((m) => ({ ...m, attempts: 2 })),
    );
    const healed = await consume(redelivered);
    expect(ackedIds(healed, redelivered)).toEqual(redelivered.messages.map((m) => m.id).sort());
    await expectPipelineInvariants({
      webhooks: hooks,
      accepted: events.map((e) => ({
        walletId: wallet.id,
        eventId: e.id,
        webhookIds: hooks.map((h) => h.id),
      })),
    });
    for (const hook of hooks)
      expect(idsOf(await hook.receiver.requests())).toEqual(events.map((e) => e.id));
  });

  it("retries only the messages whose events went to an unreachable object, and the retry sends no second copy elsewhere", async () => {
    const wallet = await newWallet();
    const unreachable = await watched(wallet.apiKey, { eventTypes: ["credential.*"] });
    const healthy = await watched(wallet.apiKey);
    const credential = await queuedEvent(wallet.id, { type: "credential.issued" });
    const presentation = await queuedEvent(wallet.id, { type: "presentation.verified" });
    const [credentialMessage, presentationMessage] = eventMessages([credential, presentation]);
    const batch = batchOf(EVENTS_QUEUE, [credentialMessage!, presentationMessage!]);
    const objects = wrappedObjects(env.WEBHOOK_OBJECT, [unreachable.id]);
    const result = await consume(batch, { WEBHOOK_OBJECT: objects.namespace });

    expect(retriedIds(result)).toEqual([batch.messages[0]!.id]);
    expect(result.explicitAcks).toEqual([batch.messages[1]!.id]);
    expect(await heldEventIds(unreachable.id)).toEqual([]);
    expect(await heldEventIds(healthy.id)).toEqual([credential.id, presentation.id]);
    await healthy.receiver.waitFor(2);

    const retried = batchOf(EVENTS_QUEUE, [{ ...credentialMessage!, attempts: 2 }]);
    const second = await consume(retried);
    expect(ackedIds(second, retried)).toEqual([retried.messages[0]!.id]);
    await expectPipelineInvariants({
      webhooks: [unreachable, healthy],
      accepted: [
        { walletId: wallet.id, eventId: credential.id, webhookIds: [unreachable.id, healthy.id] },
        { walletId: wallet.id, eventId: presentation.id, webhookIds: [healthy.id] },
      ],
    });
    expect(idsOf(await unreachable.receiver.requests())).toEqual([credential.id]);
    expect(idsOf(await healthy.receiver.requests())).toEqual([credential.id, presentation.id]);
  });

  it("sends a redelivered event message to each webhook once, even when both copies are consumed at the same time", async () => {
    const wallet = await newWallet();
    const hooks = [
      await watched(wallet.apiKey),
      await watched(wallet.apiKey, { ordering: "unordered" }),
    ];
    const event = await queuedEvent(wallet.id, { type: "credential.issued" });
    const [message] = eventMessages([event]);
    const copies = [1, 2].map((attempts) => batchOf(EVENTS_QUEUE, [{ ...message!, attempts }]));
    const results = await Promise.all(copies.map((b) => consume(b)));
    for (const [i, r] of results.entries()) expect(ackedIds(r, copies[i]!)).toEqual([message!.id]);
    await Promise.all(hooks.map((h) => h.receiver.waitFor(1)));

    const late = batchOf(EVENTS_QUEUE, [{ ...message!, attempts: 3 }]);
    expect(ackedIds(await consume(late), late)).toEqual([message!.id]);
    await expectPipelineInvariants({
      webhooks: [{ ...hooks[0]! }, { ...hooks[1]!, ordering: "unordered" }],
      accepted: [{ walletId: wallet.id, eventId: event.id, webhookIds: hooks.map((h) => h.id) }],
    });
    for (const hook of hooks) expect(idsOf(await hook.receiver.requests())).toEqual([event.id]);
  });

  it("delivers two racing submissions of the same id and body once to each webhook", async () => {
    const wallet = await newWallet();
    const hooks = [await watched(wallet.apiKey), await watched(wallet.apiKey)];
    const body = {
      id: `race-${crypto.randomUUID()}`,
      type: "credential.issued",
      data: { credentialId: "c-1" },
    };
    const answers = await Promise.all(
      [1, 2].map(() => callJson("/v1/events", { key: wallet.apiKey, body })),
    );
    expect(answers.map((a) => a.status)).toContain(202);
    for (const a of answers) {
      expect([200, 202]).toContain(a.status);
      expect(a.body).toEqual({ id: body.id });
    }

    await Promise.all(hooks.map((h) => h.receiver.waitFor(1)));
    await settleQueue();
    await expectPipelineInvariants({
      webhooks: hooks,
      accepted: [{ walletId: wallet.id, eventId: body.id, webhookIds: hooks.map((h) => h.id) }],
    });
    for (const hook of hooks) expect(idsOf(await hook.receiver.requests())).toEqual([body.id]);
  });

  it("delivers only the stored body when two submissions race with the same id and different bodies", async () => {
    const wallet = await newWallet();
    const hook = await watched(wallet.apiKey);
    const id = `race-${crypto.randomUUID()}`;
    const bodies = [1, 2].map((version) => ({ id, type: "credential.issued", data: { version } }));
    const answers = await Promise.all(
      bodies.map((body) => callJson("/v1/events", { key: wallet.apiKey, body })),
    );
    for (const a of answers) expect([202, 409]).toContain(a.status);
    expect(answers.map((a) => a.status)).toContain(202);

    await hook.receiver.waitFor(1);
    await settleQueue();
    await expectPipelineInvariants({
      webhooks: [hook],
      accepted: [{ walletId: wallet.id, eventId: id, webhookIds: [hook.id] }],
    });
    const requests = await hook.receiver.requests();
    expect(requests).toHaveLength(1);
    const stored = await walletDb(wallet.id)
      .prepare("SELECT data FROM events WHERE wallet_id = ? AND id = ?")
      .bind(wallet.id, id)
      .first<{ data: string }>();
    expect(JSON.parse(requests[0]!.body).data).toEqual(JSON.parse(stored!.data));
    const refused = answers.findIndex((a) => a.status === 409);
    if (refused !== -1)
      expect(JSON.parse(requests[0]!.body).data).toEqual(bodies[1 - refused]!.data);
  });

  it("keeps the first stored body when queued copies of one id with different bodies meet in the consumer", async () => {
    const wallet = await newWallet();
    const hook = await watched(wallet.apiKey);
    const id = `conflict-${crypto.randomUUID()}`;
    const versions = await Promise.all(
      [1, 2, 3].map((version) =>
        queuedEvent(wallet.id, { id, type: "credential.issued", data: { version } }),
      ),
    );
    // Versions 1 and 2 arrive in one batch; version 3 comes later in a batch of its own.
    const together = batchOf(EVENTS_QUEUE, eventMessages(versions.slice(0, 2)));
    expect(ackedIds(await consume(together), together)).toEqual(
      together.messages.map((m) => m.id).sort(),
    );
    const later = batchOf(EVENTS_QUEUE, eventMessages(versions.slice(2)));
    expect(ackedIds(await consume(later), later)).toEqual([later.messages[0]!.id]);

    expect(await heldEventIds(hook.id)).toEqual([id]);
    await expectPipelineInvariants({
      webhooks: [hook],
      accepted: [{ walletId: wallet.id, eventId: id, webhookIds: [hook.id] }],
    });
    const requests = await hook.receiver.requests();
    expect(requests.map((r) => JSON.parse(r.body).data)).toEqual([{ version: 1 }]);
  });

  it("answers 503 with Retry-After and stores nothing when the queue refuses an event, and accepts the same id once it recovers", async () => {
    const wallet = await newWallet();
    const hook = await watched(wallet.apiKey);
    const body = { id: `refused-${crypto.randomUUID()}`, type: "credential.issued", data: {} };
    const fault = faultSwitch();
    const refusing = refusingQueue(env.EVENTS_QUEUE_0, fault);

    const single = await call("/v1/events", {
      key: wallet.apiKey,
      body,
      env: { ...everyShard(refusing) },
    });
    expect(single.headers.get("retry-after")).toMatch(/^\d+$/);
    await expectProblem(single, 503);
    const batch = await call("/v1/events/batch", {
      key: wallet.apiKey,
      body: { events: [body] },
      env: { ...everyShard(refusing) },
    });
    expect(batch.headers.get("retry-after")).toMatch(/^\d+$/);
    await expectProblem(batch, 503);
    expect(fault.refused).toBe(2);
    expect(await storedEventCount(wallet.id)).toBe(0);

    const accepted = await callJson("/v1/events", { key: wallet.apiKey, body });
    expect(accepted.status).toBe(202);
    await expectPipelineInvariants({
      webhooks: [hook],
      accepted: [{ walletId: wallet.id, eventId: body.id, webhookIds: [hook.id] }],
    });
    expect(idsOf(await hook.receiver.requests())).toEqual([body.id]);
  });

  it("records an attempt cut off by the object dying as interrupted, and resends it once with the same webhook-id", async () => {
    const wallet = await newWallet();
    // The first answer is slow, so the object is still waiting for it when it dies.
    const hook = await watched(wallet.apiKey, { retry: { schedule: [1, 1] } }, [
      { status: 200, delayMs: 2_000 },
    ]);
    const accepted = await callJson("/v1/events", {
      key: wallet.apiKey,
      body: { type: "credential.issued", data: {} },
    });
    expect(accepted.status).toBe(202);
    await hook.receiver.waitFor(1);
    expect((await heldDeliveries(hook.id)).map((d) => d.status)).toEqual(["sending"]);

    await expect(
      runInDurableObject(objectOf(hook.id), (_instance, state) =>
        state.abort("injected fault: the object dies mid-attempt"),
      ),
    ).rejects.toThrow(/dies mid-attempt/);
    // The platform retries the failed alarm; running it now saves the wait.
    await runDurableObjectAlarm(objectOf(hook.id));

    const received = await hook.receiver.waitFor(2);
    // D1 learns of the second attempt when the object next mirrors its batch.
    await untilDelivery(hook.id, accepted.body.id, "succeeded");
    const report = await expectPipelineInvariants({
      webhooks: [hook],
      accepted: [{ walletId: wallet.id, eventId: accepted.body.id, webhookIds: [hook.id] }],
    });
    expect(report.deliveries.values().next().value).toMatchObject({
      status: "succeeded",
      attempt_count: 2,
    });
    const attempts = await rowsOfAllShards(
      "SELECT n, status_code, error FROM attempts WHERE webhook_id = ? ORDER BY n",
      hook.id,
    );
    expect(attempts).toEqual([
      { n: 1, status_code: null, error: expect.stringMatching(/^interrupted/) },
      { n: 2, status_code: 200, error: null },
    ]);
    await sleep(1_500);
    expect(await hook.receiver.requests()).toHaveLength(2);
    expect(idsOf(received)).toEqual([accepted.body.id, accepted.body.id]);
    expect(received[1]!.body).toBe(received[0]!.body);
  });

  it("delivers once the cron sweep re-arms an object whose alarm kept failing while D1 was unreachable", async () => {
    const wallet = await newWallet();
    const hook = await watched(wallet.apiKey, { retry: { schedule: [3, 3, 3] } }, [
      { status: 500 },
    ]);
    const accepted = await callJson("/v1/events", {
      key: wallet.apiKey,
      body: { type: "credential.issued", data: {} },
    });
    expect(accepted.status).toBe(202);
    await untilDelivery(hook.id, accepted.body.id, "pending");

    // The object's own D1 handle now fails, and its cached settings are dropped so the next run must read them.
    const fault = faultSwitch();
    await runInDurableObject(objectOf(hook.id), (instance: WebhookObject) => {
      // The object and its settings holder each keep the env they were made with.
      const object = instance as unknown as { env: Env; hook: { env: Env; forget(): void } };
      const failing = {
        ...object.env,
        DB: failingD1(object.env.DB, ["prepare", "batch", "exec"], fault),
      };
      object.env = failing;
      object.hook.env = failing;
      object.hook.forget();
    });
    for (let run = 0; run < 4; run++) await runDurableObjectAlarm(objectOf(hook.id));
    expect(fault.refused).toBeGreaterThan(0);
    expect(await hook.receiver.requests()).toHaveLength(1);
    const backedOff = await runInDurableObject(objectOf(hook.id), (_instance, state) =>
      state.storage.getAlarm(),
    );
    expect(backedOff! - Date.now()).toBeGreaterThan(10_000);

    fault.failing = false;
    await untilOverdue(hook.id, accepted.body.id);
    const { woken } = await sweep(env);
    expect(woken).toBeGreaterThanOrEqual(1);
    await hook.receiver.waitFor(2, 8_000);
    await expectPipelineInvariants({
      webhooks: [hook],
      accepted: [{ walletId: wallet.id, eventId: accepted.body.id, webhookIds: [hook.id] }],
    });
  });

  it("delivers once the cron sweep wakes an object whose alarm was deleted while a delivery was pending", async () => {
    const wallet = await newWallet();
    const hook = await watched(wallet.apiKey, { retry: { schedule: [3] } }, [{ status: 500 }]);
    const accepted = await callJson("/v1/events", {
      key: wallet.apiKey,
      body: { type: "credential.issued", data: {} },
    });
    expect(accepted.status).toBe(202);
    await untilDelivery(hook.id, accepted.body.id, "pending");
    await runInDurableObject(objectOf(hook.id), async (_instance, state) => {
      expect(await state.storage.getAlarm()).not.toBeNull();
      await state.storage.deleteAlarm();
    });

    // Past the retry's due time, nothing moves: the chain has stopped.
    await sleep(4_000);
    expect(await hook.receiver.requests()).toHaveLength(1);

    await worker.scheduled(createScheduledController({ cron: "*/5 * * * *" }), env);
    await hook.receiver.waitFor(2);
    const report = await expectPipelineInvariants({
      webhooks: [hook],
      accepted: [{ walletId: wallet.id, eventId: accepted.body.id, webhookIds: [hook.id] }],
    });
    expect(report.deliveries.values().next().value).toMatchObject({
      status: "succeeded",
      attempt_count: 2,
    });
  });

  it("has the sweep wake webhooks with an overdue delivery, not one waiting for a later retry nor a disabled one", async () => {
    const wallet = await newWallet();
    const waiting = await watched(wallet.apiKey, { retry: { schedule: [3600] } }, [
      { status: 500 },
    ]);
    const stuck = await watched(wallet.apiKey, { retry: { schedule: [3] } }, [{ status: 500 }]);
    const disabled = await watched(wallet.apiKey, { retry: { schedule: [3] } }, [{ status: 500 }]);
    const accepted = await callJson("/v1/events", {
      key: wallet.apiKey,
      body: { type: "credential.issued", data: {} },
    });
    expect(accepted.status).toBe(202);
    for (const hook of [waiting, stuck, disabled])
      await untilDelivery(hook.id, accepted.body.id, "pending");
    await runInDurableObject(objectOf(stuck.id), (_instance, state) => state.storage.deleteAlarm());
    expect(
      (
        await callJson(`/v1/webhooks/${disabled.id}`, {
          method: "PATCH",
          key: wallet.apiKey,
          body: { enabled: false },
        })
      ).status,
    ).toBe(200);
    await untilOverdue(stuck.id, accepted.body.id);
    await untilOverdue(disabled.id, accepted.body.id);

    const picked = await overdueWebhooks(database(env), systemScope(), Date.now(), 100_000);
    expect(picked).toContain(stuck.id);
    expect(picked).not.toContain(waiting.id);
    expect(picked).not.toContain(disabled.id);
    await sweep(env);
    expect(idsOf(await stuck.receiver.waitFor(2))).toEqual([accepted.body.id, accepted.body.id]);
    expect(await disabled.receiver.requests()).toHaveLength(1);
    expect(await waiting.receiver.requests()).toHaveLength(1);
  });

  it("retries a fan-out whose continuation the queue refused, and the retry reaches the rest without a second copy for the first", async () => {
    const wallet = await newWallet();
    const hooks = [
      await watched(wallet.apiKey),
      await watched(wallet.apiKey),
      await watched(wallet.apiKey),
    ];
    const event = await queuedEvent(wallet.id, { type: "credential.issued" });
    const [message] = eventMessages([event]);
    const fault = faultSwitch();
    const objects = wrappedObjects(env.WEBHOOK_OBJECT);
    const batch = batchOf(EVENTS_QUEUE, [message!]);
    const result = await consume(batch, {
      FANOUT_CALLS_PER_INVOCATION: "1",
      WEBHOOK_OBJECT: objects.namespace,
      ...everyShard(refusingQueue(env.EVENTS_QUEUE_0, fault)),
    });
    expect(fault.refused).toBe(1);
    expect(retriedIds(result)).toEqual([message!.id]);
    expect(objects.handedOff).toHaveLength(1);

    const again = batchOf(EVENTS_QUEUE, [{ ...message!, attempts: 2 }]);
    expect(ackedIds(await consume(again), again)).toEqual([message!.id]);
    await expectPipelineInvariants({
      webhooks: hooks,
      accepted: [{ walletId: wallet.id, eventId: event.id, webhookIds: hooks.map((h) => h.id) }],
    });
    for (const hook of hooks) expect(idsOf(await hook.receiver.requests())).toEqual([event.id]);
  });

  it("retries a partly handed-off fan-out without a second copy for the webhooks its first run or its continuation reached", async () => {
    const wallet = await newWallet();
    const hooks = [
      await watched(wallet.apiKey),
      await watched(wallet.apiKey),
      await watched(wallet.apiKey),
    ].sort((a, b) => (a.id < b.id ? -1 : 1));
    const event = await queuedEvent(wallet.id, { type: "credential.issued" });
    const [message] = eventMessages([event]);
    // Subscribers are handed off in id order: the first two now (one of them unreachable), the third by continuation.
    const objects = wrappedObjects(env.WEBHOOK_OBJECT, [hooks[0]!.id]);
    const queue = recordingQueue(env.EVENTS_QUEUE_0);
    const batch = batchOf(EVENTS_QUEUE, [message!]);
    const result = await consume(batch, {
      FANOUT_CALLS_PER_INVOCATION: "2",
      WEBHOOK_OBJECT: objects.namespace,
      ...everyShard(queue.queue),
    });
    expect(retriedIds(result)).toEqual([message!.id]);
    expect(objects.handedOff).toEqual([hooks[1]!.id]);
    expect(queue.sent).toEqual([
      { kind: "handoff", walletId: wallet.id, eventIds: [event.id], webhookIds: [hooks[2]!.id] },
    ]);

    const again = batchOf(EVENTS_QUEUE, [{ ...message!, attempts: 2 }]);
    expect(ackedIds(await consume(again), again)).toEqual([message!.id]);
    await Promise.all(hooks.map((h) => h.receiver.waitFor(1)));
    await settleQueue();
    await expectPipelineInvariants({
      webhooks: hooks,
      accepted: [{ walletId: wallet.id, eventId: event.id, webhookIds: hooks.map((h) => h.id) }],
    });
    for (const hook of hooks) expect(idsOf(await hook.receiver.requests())).toEqual([event.id]);
  });
});
