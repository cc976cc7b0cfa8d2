import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { HeraldMessage } from "../../src/domain/event-contract/messages";
import { newQueuedEvent, type QueuedEvent } from "../../src/domain/event-contract/queued-event";
import worker from "../../src/index";
import { call, newWallet, newWebhook } from "../helpers/api";
import { eventIdOf, newReceiver, type Received } from "../helpers/receiver";

/** The webhook-ids of the requests the receiver answered with 2xx, in arrival order. */
const deliveredIds = (requests: Received[], failedArrivals: Set<number>) =>
  requests.filter((_, i) => !failedArrivals.has(i)).map(eventIdOf);

/** An event built by the one constructor, with its acceptance stamp set by the test. */
async function queued(walletId: string, id: string, seq: number): Promise<QueuedEvent> {
  const event = await newQueuedEvent(walletId, { type: "t.order", data: { id } }, { id });
  return { ...event, seq, createdAt: new Date(Math.floor(seq / 1000)).toISOString() };
}

async function consume(messages: QueuedEvent[]) {
  const batch = createMessageBatch<HeraldMessage>(
    "herald-events",
    messages.map((event, i) => ({
      id: `${event.id}-${i}`,
      timestamp: new Date(),
      attempts: 1,
      body: { kind: "event", event },
    })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch as MessageBatch<unknown>, env, ctx);
  return getQueueResult(batch, ctx);
}

describe("fifo ordering", () => {
  it("delivers 200 events posted one after another in posting order while one is retried", async () => {
    const wallet = await newWallet();
    // Arrival 51 fails once; everything else succeeds.
    const receiver = await newReceiver([
      ...Array.from({ length: 50 }, () => ({ status: 200 })),
      { status: 500 },
    ]);
    await newWebhook(wallet.apiKey, {
      url: receiver.url,
      ordering: "fifo",
      retry: { schedule: [1] },
    });
    const posted: string[] = [];
    for (let i = 0; i < 200; i++) {
      const res = await call("/v1/events", {
        key: wallet.apiKey,
        body: { id: `evt-${String(i).padStart(3, "0")}`, type: "t.order", data: { i } },
      });
      expect(res.status).toBe(202);
      posted.push(`evt-${String(i).padStart(3, "0")}`);
    }
    const requests = await receiver.waitFor(201, 60_000);
    expect(requests).toHaveLength(201);
    // The failed attempt was for the 51st event, and the same event came again next: it held the rest.
    expect(eventIdOf(requests[50]!)).toBe(posted[50]);
    expect(eventIdOf(requests[51]!)).toBe(posted[50]);
    expect(deliveredIds(requests, new Set([50]))).toEqual(posted);
  }, 90_000);

  it("restores acceptance order when consumer batches arrive out of order", async () => {
    const wallet = await newWallet();
    // The first delivery fails, so the object holds it (and everything behind it) for a second.
    const receiver = await newReceiver([{ status: 500 }]);
    await newWebhook(wallet.apiKey, {
      url: receiver.url,
      ordering: "fifo",
      retry: { schedule: [2] },
    });
    const base = Date.now() * 1000;
    const events = await Promise.all(
      ["e1", "e2", "e3", "e4", "e5", "e6"].map((id, i) => queued(wallet.id, id, base + i)),
    );
    const first = await consume([events[0]!]);
    expect(first.explicitAcks).toHaveLength(1);
    await receiver.waitFor(1);
    // A delayed message and a redelivered batch: later events reach the object first.
    await consume([events[5]!, events[4]!]);
    await consume([events[2]!, events[1]!, events[3]!]);
    const requests = await receiver.waitFor(7, 20_000);
    expect(requests.map(eventIdOf)).toEqual(["e1", "e1", "e2", "e3", "e4", "e5", "e6"]);
  });

  it("numbers a fifo webhook's deliveries 1, 2, 3… in acceptance order, keeping the number on a retry, even when later events reach the object first", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver([{ status: 500 }]);
    await newWebhook(wallet.apiKey, {
      url: receiver.url,
      ordering: "fifo",
      retry: { schedule: [1] },
    });
    const base = Date.now() * 1000;
    const events = await Promise.all(
      ["q1", "q2", "q3", "q4"].map((id, i) => queued(wallet.id, id, base + i)),
    );
    await consume([events[0]!]);
    await receiver.waitFor(1);
    await consume([events[3]!, events[2]!]);
    await consume([events[1]!]);
    const requests = await receiver.waitFor(5, 20_000);
    // The event id from the body (webhook-id is derived from it), beside its sequence number.
    const arrived = requests.map((r) => [
      (JSON.parse(r.body) as { id: string }).id,
      r.headers["webhook-sequence"],
    ]);
    expect(arrived).toEqual([
      ["q1", "1"],
      ["q1", "1"],
      ["q2", "2"],
      ["q3", "3"],
      ["q4", "4"],
    ]);
  });

  it("lets an unordered webhook deliver past a failing event", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver([{ status: 500 }]);
    await newWebhook(wallet.apiKey, {
      url: receiver.url,
      ordering: "unordered",
      maxInFlight: 1,
      retry: { schedule: [2] },
    });
    await call("/v1/events/batch", {
      key: wallet.apiKey,
      body: {
        events: [
          { id: "u1", type: "t.a", data: {} },
          { id: "u2", type: "t.a", data: {} },
        ],
      },
    });
    const requests = await receiver.waitFor(3, 20_000);
    expect(requests.map(eventIdOf)).toEqual(["u1", "u2", "u1"]);
    // Unordered deliveries promise no order, so they carry no sequence.
    for (const r of requests) expect(r.headers["webhook-sequence"]).toBeUndefined();
  });
});
