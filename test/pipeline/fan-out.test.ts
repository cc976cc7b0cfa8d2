import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { database } from "../../src/db/client";
import type { HandoffMessage } from "../../src/domain/event-contract/messages";
import { webhookMessageId } from "../../src/domain/signing/webhook-id";
import { insertEvent } from "../../src/repositories/events";
import { walletScope } from "../../src/repositories/scope";
import { ADMIN_KEY, call, callJson, expectProblem, newWallet, newWebhook } from "../helpers/api";
import { recordingQueue, wrappedObjects } from "../helpers/faults";
import { expectPipelineInvariants, notifyTarget } from "../helpers/invariants";
import { heldEventIds } from "../helpers/objects";
import {
  ackedIds,
  batchOf,
  consume,
  EVENTS_QUEUE,
  eventMessages,
  everyShard,
  queuedEvent,
} from "../helpers/queue";
import { eventIdOf, newReceiver, type Received } from "../helpers/receiver";

type Receiver = Awaited<ReturnType<typeof newReceiver>>;

/** A webhook of the wallet with its own receiver. */
async function hookWithReceiver(apiKey: string, fields: Record<string, unknown> = {}) {
  const receiver = await newReceiver();
  const hook = await newWebhook(apiKey, { url: receiver.url, ...fields });
  return { hook, receiver };
}

const idsOf = (requests: Received[]) => requests.map(eventIdOf);

/** Runs the consumer on one crafted batch of these events and expects every message acked. */
async function fanOut(
  events: Awaited<ReturnType<typeof queuedEvent>>[],
  overrides: Record<string, unknown> = {},
) {
  const batch = batchOf(EVENTS_QUEUE, eventMessages(events));
  const result = await consume(batch, overrides);
  expect(result.retryMessages).toEqual([]);
  expect(ackedIds(result, batch)).toEqual(batch.messages.map((m) => m.id).sort());
  return result;
}

/** Raises a wallet's webhook quota (100 by default) through the admin's override. */
async function allowWebhooks(walletId: string, webhooks: number): Promise<void> {
  const { status } = await callJson(`/v1/wallets/${walletId}`, {
    method: "PATCH",
    body: { limits: { webhooks } },
  });
  expect(status).toBe(200);
}

describe("fan-out to subscribers", () => {
  it("sends a wallet's event to each of its webhooks and every global webhook, never to another wallet's", async () => {
    const alice = await newWallet("alice");
    const bob = await newWallet("bob");
    const a1 = await hookWithReceiver(alice.apiKey);
    const a2 = await hookWithReceiver(alice.apiKey);
    const b1 = await hookWithReceiver(bob.apiKey);
    const globalReceiver = await newReceiver();
    const global = await newWebhook(ADMIN_KEY, { url: globalReceiver.url });
    expect(global.walletId).toBeNull();
    try {
      const fromAlice = await queuedEvent(alice.id, {
        type: "openid.credential.offer_sent",
        data: { offerId: "o-1" },
      });
      const fromBob = await queuedEvent(bob.id, {
        type: "openid.credential.offer_sent",
        data: { offerId: "o-2" },
      });
      await fanOut([fromAlice, fromBob]);

      expect(await heldEventIds(a1.hook.id)).toEqual([fromAlice.id]);
      expect(await heldEventIds(a2.hook.id)).toEqual([fromAlice.id]);
      expect(await heldEventIds(b1.hook.id)).toEqual([fromBob.id]);
      expect((await heldEventIds(global.id)).sort()).toEqual([fromAlice.id, fromBob.id].sort());

      await expectPipelineInvariants({
        webhooks: [
          { id: a1.hook.id, secret: a1.hook.secret, receiver: a1.receiver },
          { id: a2.hook.id, secret: a2.hook.secret, receiver: a2.receiver },
          { id: b1.hook.id, secret: b1.hook.secret, receiver: b1.receiver },
        ],
        accepted: [
          {
            walletId: alice.id,
            eventId: fromAlice.id,
            webhookIds: [a1.hook.id, a2.hook.id, global.id],
          },
          { walletId: bob.id, eventId: fromBob.id, webhookIds: [b1.hook.id, global.id] },
        ],
      });
      expect(idsOf(await a1.receiver.requests())).toEqual([fromAlice.id]);
      expect(idsOf(await b1.receiver.requests())).toEqual([fromBob.id]);
      const atGlobal = (await globalReceiver.requests()).filter((r) =>
        [fromAlice.id, fromBob.id].includes(eventIdOf(r)),
      );
      expect(atGlobal.map((r) => JSON.parse(r.body).walletId).sort()).toEqual(
        [alice.id, bob.id].sort(),
      );
    } finally {
      // Global webhooks see every wallet's events: later tests in this file must not count it.
      await call(`/v1/webhooks/${global.id}`, { method: "DELETE" });
    }
  });

  it("matches event types exactly and by prefix wildcard", async () => {
    const wallet = await newWallet();
    const exact = await hookWithReceiver(wallet.apiKey, {
      eventTypes: ["openid.credential.offer_sent"],
    });
    const prefix = await hookWithReceiver(wallet.apiKey, { eventTypes: ["openid.credential.*"] });
    const other = await hookWithReceiver(wallet.apiKey, {
      eventTypes: ["didcomm.*", "present_proof_v2_0"],
    });
    const all = await hookWithReceiver(wallet.apiKey);
    const offerSent = await queuedEvent(wallet.id, { type: "openid.credential.offer_sent" });
    const issued = await queuedEvent(wallet.id, { type: "openid.credential.issued" });
    const bare = await queuedEvent(wallet.id, { type: "openid.credential" });
    const proof = await queuedEvent(wallet.id, { type: "present_proof_v2_0" });
    await fanOut([offerSent, issued, bare, proof]);

    expect(await heldEventIds(exact.hook.id)).toEqual([offerSent.id]);
    expect(await heldEventIds(prefix.hook.id)).toEqual([offerSent.id, issued.id]);
    expect(await heldEventIds(other.hook.id)).toEqual([proof.id]);
    expect(await heldEventIds(all.hook.id)).toEqual([offerSent.id, issued.id, bare.id, proof.id]);
    expect(idsOf(await prefix.receiver.waitFor(2))).toEqual([offerSent.id, issued.id]);
    expect(idsOf(await all.receiver.waitFor(4))).toEqual([
      offerSent.id,
      issued.id,
      bare.id,
      proof.id,
    ]);
  });

  it("gives a webhook with channels only the events that share one, and a webhook without channels every event", async () => {
    const wallet = await newWallet();
    const issuance = await hookWithReceiver(wallet.apiKey, { channels: ["issuance"] });
    const verification = await hookWithReceiver(wallet.apiKey, {
      channels: ["verification", "revocation"],
    });
    const everything = await hookWithReceiver(wallet.apiKey);
    const issued = await queuedEvent(wallet.id, {
      type: "credential.issued",
      channels: ["issuance", "audit"],
    });
    const verified = await queuedEvent(wallet.id, {
      type: "presentation.verified",
      channels: ["verification"],
    });
    const unchanneled = await queuedEvent(wallet.id, { type: "wallet.updated" });
    await fanOut([issued, verified, unchanneled]);

    expect(await heldEventIds(issuance.hook.id)).toEqual([issued.id]);
    expect(await heldEventIds(verification.hook.id)).toEqual([verified.id]);
    expect(await heldEventIds(everything.hook.id)).toEqual([
      issued.id,
      verified.id,
      unchanneled.id,
    ]);
    expect(idsOf(await issuance.receiver.waitFor(1))).toEqual([issued.id]);
    expect(idsOf(await everything.receiver.waitFor(3))).toEqual([
      issued.id,
      verified.id,
      unchanneled.id,
    ]);
  });

  it("gives disabled webhooks nothing, whether created disabled or disabled later", async () => {
    const wallet = await newWallet();
    const enabled = await hookWithReceiver(wallet.apiKey);
    const createdDisabled = await hookWithReceiver(wallet.apiKey, { enabled: false });
    const disabledLater = await hookWithReceiver(wallet.apiKey);
    const patched = await callJson(`/v1/webhooks/${disabledLater.hook.id}`, {
      method: "PATCH",
      key: wallet.apiKey,
      body: { enabled: false },
    });
    expect(patched.status).toBe(200);
    const event = await queuedEvent(wallet.id, { type: "credential.issued" });
    await fanOut([event]);

    expect(await heldEventIds(enabled.hook.id)).toEqual([event.id]);
    expect(await heldEventIds(createdDisabled.hook.id)).toEqual([]);
    expect(await heldEventIds(disabledLater.hook.id)).toEqual([]);
    await enabled.receiver.waitFor(1);
    expect(await createdDisabled.receiver.requests()).toEqual([]);
    expect(await disabledLater.receiver.requests()).toEqual([]);
  });

  it("hands a fifo webhook a batch's events in ingest order even when the queue delivered them out of order", async () => {
    const wallet = await newWallet();
    const fifo = await hookWithReceiver(wallet.apiKey);
    const events = [];
    for (let i = 0; i < 4; i++)
      events.push(await queuedEvent(wallet.id, { type: "credential.issued", data: { n: i } }));
    await fanOut([...events].reverse());

    expect(await heldEventIds(fifo.hook.id)).toEqual(events.map((e) => e.id));
    await expectPipelineInvariants({
      webhooks: [{ id: fifo.hook.id, secret: fifo.hook.secret, receiver: fifo.receiver }],
      accepted: events.map((e) => ({
        walletId: wallet.id,
        eventId: e.id,
        webhookIds: [fifo.hook.id],
      })),
    });
    expect(idsOf(await fifo.receiver.requests())).toEqual(events.map((e) => e.id));
  });

  it("sends an event's one-off notify target its copy with the bearer token, and the webhooks theirs", async () => {
    const wallet = await newWallet();
    const regular = await hookWithReceiver(wallet.apiKey);
    const target = await newReceiver();
    const accepted = await callJson("/v1/events", {
      key: wallet.apiKey,
      body: {
        type: "openid.credential.offer_resolved",
        data: { offerId: "offer-42" },
        subject: "offer-42",
        notify: { url: target.url, bearerToken: "offer-token-123", format: "waltid" },
      },
    });
    expect(accepted.status).toBe(202);

    const [copy] = await target.waitFor(1);
    expect(copy!.headers.authorization).toBe("Bearer offer-token-123");
    // walt.id's body carries the subject as its id: the webhook-id still names the event.
    expect(copy!.headers["webhook-id"]).toBe(await webhookMessageId(wallet.id, accepted.body.id));
    expect(JSON.parse(copy!.body)).toEqual({
      id: "offer-42",
      type: "openid.credential.offer_resolved",
      timestamp: expect.any(Number),
      data: { offerId: "offer-42" },
    });
    const [regularCopy] = await regular.receiver.waitFor(1);
    expect(regularCopy!.headers.authorization).toBeUndefined();
    expect(JSON.parse(regularCopy!.body)).toMatchObject({
      id: accepted.body.id,
      walletId: wallet.id,
    });

    // The webhook keeps its own address and format for the events that follow.
    const next = await callJson("/v1/events", {
      key: wallet.apiKey,
      body: { type: "openid.credential.issued", data: {} },
    });
    expect(next.status).toBe(202);
    expect(idsOf(await regular.receiver.waitFor(2))).toEqual([accepted.body.id, next.body.id]);

    const notify = await notifyTarget(wallet.id, target.url);
    await expectPipelineInvariants({
      webhooks: [
        { ...notify, receiver: target },
        { id: regular.hook.id, secret: regular.hook.secret, receiver: regular.receiver },
      ],
      accepted: [
        {
          walletId: wallet.id,
          eventId: accepted.body.id,
          webhookIds: [notify.id, regular.hook.id],
        },
        { walletId: wallet.id, eventId: next.body.id, webhookIds: [regular.hook.id] },
      ],
    });
    expect(await target.requests()).toHaveLength(1);
  });

  it("hands a notify target's receiver the secret its deliveries are signed with", async () => {
    const wallet = await newWallet();
    const other = await newWallet();
    const target = await newReceiver();
    const accepted = await callJson("/v1/events", {
      key: wallet.apiKey,
      body: {
        type: "openid.credential.offer_resolved",
        data: { offerId: "o-7" },
        notify: { url: target.url },
      },
    });
    expect(accepted.status).toBe(202);
    const [copy] = await target.waitFor(1);

    const read = await callJson("/v1/notify-targets/secret", {
      key: wallet.apiKey,
      body: { url: target.url },
    });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({
      url: target.url,
      walletId: wallet.id,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    });
    // The receiver verifies with it as with any webhook's secret (throws when the signature is wrong).
    expect(new Webhook(read.body.secret).verify(copy!.body, copy!.headers)).toEqual(
      JSON.parse(copy!.body),
    );
    expect(read.body.secret).toBe((await notifyTarget(wallet.id, target.url)).secret);

    // Keyed by (wallet, URL as sent): the fragment does not count, the wallet does, and the
    // admin key reads any wallet's.
    expect(
      (
        await callJson("/v1/notify-targets/secret", {
          key: wallet.apiKey,
          body: { url: `${target.url}#frag` },
        })
      ).body.secret,
    ).toBe(read.body.secret);
    const admin = await callJson("/v1/notify-targets/secret", {
      key: ADMIN_KEY,
      body: { url: target.url, walletId: wallet.id },
    });
    expect(admin.body.secret).toBe(read.body.secret);
    const theirs = await callJson("/v1/notify-targets/secret", {
      key: other.apiKey,
      body: { url: target.url },
    });
    expect(theirs.status).toBe(200);
    expect(theirs.body.secret).not.toBe(read.body.secret);

    // The URL rules of ingest apply, and a wallet key reads only its own wallet's secrets.
    const refused = await expectProblem(
      await call("/v1/notify-targets/secret", {
        key: wallet.apiKey,
        body: { url: "ftp://receiver.example.com/x" },
      }),
      400,
    );
    expect(refused.errors[0].path).toBe("url");
    await expectProblem(
      await call("/v1/notify-targets/secret", {
        key: wallet.apiKey,
        body: { url: target.url, walletId: other.id },
      }),
      403,
    );
  });

  it("splits a fan-out larger than the invocation's call budget into continuation messages that deliver the rest", async () => {
    const wallet = await newWallet();
    const subscribers = [];
    for (let i = 0; i < 5; i++) subscribers.push(await hookWithReceiver(wallet.apiKey));
    const objects = wrappedObjects(env.WEBHOOK_OBJECT);
    const queue = recordingQueue(env.EVENTS_QUEUE_0);
    const event = await queuedEvent(wallet.id, { type: "credential.issued" });
    await fanOut([event], {
      FANOUT_CALLS_PER_INVOCATION: "2",
      WEBHOOK_OBJECT: objects.namespace,
      ...everyShard(queue.queue),
    });

    const ids = subscribers.map((s) => s.hook.id as string);
    expect(objects.handedOff).toHaveLength(2);
    const continued = queue.sent.filter((m): m is HandoffMessage => m.kind === "handoff");
    expect(continued.length).toBeGreaterThan(0);
    for (const m of continued)
      expect(m).toMatchObject({ walletId: wallet.id, eventIds: [event.id] });
    const later = continued.flatMap((m) => m.webhookIds ?? []);
    expect([...objects.handedOff, ...later].sort()).toEqual([...ids].sort());

    // The continuations went to the real queue; its consumer delivers the other three.
    await Promise.all(subscribers.map((s) => s.receiver.waitFor(1)));
    await expectPipelineInvariants({
      webhooks: subscribers.map((s) => ({
        id: s.hook.id,
        secret: s.hook.secret,
        receiver: s.receiver,
      })),
      accepted: [{ walletId: wallet.id, eventId: event.id, webhookIds: ids }],
    });
    for (const s of subscribers) expect(idsOf(await s.receiver.requests())).toEqual([event.id]);
  });

  it("queues more continuation messages than one send takes, so a small call budget still reaches every subscriber", async () => {
    const wallet = await newWallet();
    await allowWebhooks(wallet.id, 103);
    const receiver = await newReceiver();
    const hooks: any[] = [];
    for (let i = 0; i < 103; i += 20) {
      hooks.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(20, 103 - i) }, () =>
            newWebhook(wallet.apiKey, { url: receiver.url }),
          ),
        )),
      );
    }
    const queue = recordingQueue(env.EVENTS_QUEUE_0);
    const event = await queuedEvent(wallet.id, { type: "credential.issued" });
    await fanOut([event], { FANOUT_CALLS_PER_INVOCATION: "1", ...everyShard(queue.queue) });

    expect(queue.sent.length).toBeGreaterThan(100);
    await receiver.waitFor(hooks.length, 30_000);
    await expectPipelineInvariants({
      webhooks: [],
      accepted: [{ walletId: wallet.id, eventId: event.id, webhookIds: hooks.map((h) => h.id) }],
    });
    // One receiver serves them all; each webhook signs with its own secret, so one signature per webhook.
    const requests = await receiver.requests();
    expect(requests).toHaveLength(hooks.length);
    expect(new Set(requests.map((r) => r.headers["webhook-signature"])).size).toBe(hooks.length);
  }, 60_000);

  it("pages through a wallet with more subscribers than one query returns, delivering on both pages", async () => {
    const wallet = await newWallet();
    await allowWebhooks(wallet.id, 501);
    const first = await hookWithReceiver(wallet.apiKey);
    // 499 subscribers that take no events of this type: they fill the first page of 500.
    for (let i = 0; i < 499; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, 499 - i) }, () =>
          newWebhook(wallet.apiKey, { url: first.receiver.url, eventTypes: ["DIDStatusUpdated"] }),
        ),
      );
    }
    await new Promise((r) => setTimeout(r, 5));
    const last = await hookWithReceiver(wallet.apiKey);
    const queue = recordingQueue(env.EVENTS_QUEUE_0);
    const event = await queuedEvent(wallet.id, { type: "credential.issued" });
    await fanOut([event], { ...everyShard(queue.queue) });

    expect(queue.sent).toEqual([
      {
        kind: "handoff",
        walletId: wallet.id,
        eventIds: [event.id],
        afterWebhookId: expect.any(String),
      },
    ]);
    await first.receiver.waitFor(1);
    await last.receiver.waitFor(1);
    await expectPipelineInvariants({
      webhooks: [first, last].map((s) => ({
        id: s.hook.id,
        secret: s.hook.secret,
        receiver: s.receiver,
      })),
      accepted: [
        { walletId: wallet.id, eventId: event.id, webhookIds: [first.hook.id, last.hook.id] },
      ],
    });
    expect(idsOf(await last.receiver.requests())).toEqual([event.id]);
  }, 60_000);

  it("delivers a notify target that did not fit the call budget through its continuation message", async () => {
    const busy = await newWallet();
    const busyHook = await hookWithReceiver(busy.apiKey);
    const wallet = await newWallet();
    const target = await newReceiver();
    const first = await queuedEvent(busy.id, { type: "credential.issued" });
    const offer = await queuedEvent(wallet.id, {
      type: "openid.credential.offer_resolved",
      notify: { url: target.url },
    });
    const objects = wrappedObjects(env.WEBHOOK_OBJECT);
    await fanOut([first, offer], {
      FANOUT_CALLS_PER_INVOCATION: "1",
      WEBHOOK_OBJECT: objects.namespace,
    });
    expect(objects.handedOff).toEqual([busyHook.hook.id]);

    const notify = await notifyTarget(wallet.id, target.url);
    expect(idsOf(await target.waitFor(1))).toEqual([offer.id]);
    await expectPipelineInvariants({
      webhooks: [{ ...notify, receiver: target }],
      accepted: [{ walletId: wallet.id, eventId: offer.id, webhookIds: [notify.id] }],
    });
  });

  it("continues a hand-off after the given webhook id with the subscribers beyond it only", async () => {
    const wallet = await newWallet();
    const subscribers: { hook: any; receiver: Receiver }[] = [];
    for (let i = 0; i < 3; i++) subscribers.push(await hookWithReceiver(wallet.apiKey));
    subscribers.sort((a, b) => (a.hook.id < b.hook.id ? -1 : 1));
    const event = await queuedEvent(wallet.id, { type: "credential.issued" });
    const db = database(env);
    await insertEvent(db, walletScope(wallet.id), event);

    const batch = batchOf(EVENTS_QUEUE, [
      {
        body: {
          kind: "handoff",
          walletId: wallet.id,
          eventIds: [event.id],
          afterWebhookId: subscribers[0]!.hook.id,
        },
      },
    ]);
    const result = await consume(batch);
    expect(ackedIds(result, batch)).toEqual([batch.messages[0]!.id]);

    expect(await heldEventIds(subscribers[0]!.hook.id)).toEqual([]);
    expect(await heldEventIds(subscribers[1]!.hook.id)).toEqual([event.id]);
    expect(await heldEventIds(subscribers[2]!.hook.id)).toEqual([event.id]);
    await subscribers[1]!.receiver.waitFor(1);
    await subscribers[2]!.receiver.waitFor(1);
    expect(await subscribers[0]!.receiver.requests()).toEqual([]);
  });
});
