import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { callJson, newWallet, newWebhook } from "../helpers/api";
import { refusingQueue } from "../helpers/faults";
import {
  ackedIds,
  batchOf,
  consume,
  EVENTS_QUEUE,
  eventMessages,
  everyShard,
  queuedEvent,
} from "../helpers/queue";
import { eventIdOf, newReceiver } from "../helpers/receiver";
import { eventually } from "../helpers/wait";

/** The wallet's log, once it holds `count` events. */
async function logOf(apiKey: string, count: number) {
  return eventually(async () => {
    const { body } = await callJson("/v1/events?limit=100", { key: apiKey });
    return body.data.length >= count && body.data;
  }, `${count} events in the log`);
}

describe("a racing submission of an event id with another body", () => {
  it("delivers the first stored, and files the other as herald.event.conflict in the wallet's log and to its webhooks", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver();
    await newWebhook(wallet.apiKey, { url: receiver.url, eventTypes: ["*"] });
    const watcher = await newReceiver();
    await newWebhook(wallet.apiKey, { url: watcher.url, eventTypes: ["herald.event.conflict"] });
    // Both were answered 202 (ingest found neither stored); the queue delivers them in one batch.
    const first = await queuedEvent(wallet.id, { id: "race-1", type: "t.race", data: { v: 1 } });
    const second = await queuedEvent(wallet.id, { id: "race-1", type: "t.race", data: { v: 2 } });
    const batch = batchOf(EVENTS_QUEUE, eventMessages([first, second]));
    const result = await consume(batch);
    expect(ackedIds(result, batch)).toEqual(batch.messages.map((m) => m.id).sort());

    const [notice] = await watcher.waitFor(1);
    const body = JSON.parse(notice!.body);
    expect(body).toMatchObject({
      type: "herald.event.conflict",
      walletId: wallet.id,
      data: {
        eventId: "race-1",
        storedBodyHash: first.bodyHash,
        rejectedBodyHash: second.bodyHash,
        rejected: { type: "t.race", data: { v: 2 }, channels: [], subject: null, expiresAt: null },
      },
    });
    const log = await logOf(wallet.apiKey, 2);
    expect(log.map((e: { type: string }) => e.type)).toEqual(["t.race", "herald.event.conflict"]);
    expect(log[0].data).toEqual({ v: 1 });
    // Only the stored body reached the ordinary webhook ("*" does not take herald.* events).
    const delivered = await receiver.waitFor(1);
    expect(delivered.map(eventIdOf)).toEqual(["race-1"]);
    expect(JSON.parse(delivered[0]!.body).data).toEqual({ v: 1 });
  });

  it("files the conflict once however often the losing message is redelivered, and retries it while the queue refuses", async () => {
    const wallet = await newWallet();
    const stored = await queuedEvent(wallet.id, { id: "race-2", type: "t.race", data: { v: 1 } });
    await consume(batchOf(EVENTS_QUEUE, eventMessages([stored])));
    const loser = await queuedEvent(wallet.id, { id: "race-2", type: "t.race", data: { v: 2 } });

    const refusing = refusingQueue(env.EVENTS_QUEUE_0);
    const refused = batchOf(EVENTS_QUEUE, eventMessages([loser]));
    const held = await consume(refused, { ...everyShard(refusing) });
    expect(held.retryMessages.map((m) => m.msgId)).toEqual([refused.messages[0]!.id]);

    for (let i = 0; i < 2; i++) {
      const again = batchOf(EVENTS_QUEUE, eventMessages([loser]));
      expect(ackedIds(await consume(again), again)).toEqual([again.messages[0]!.id]);
    }
    const log = await logOf(wallet.apiKey, 2);
    await new Promise((r) => setTimeout(r, 1500));
    const { body } = await callJson("/v1/events?limit=100", { key: wallet.apiKey });
    expect(body.data.map((e: { type: string }) => e.type)).toEqual([
      "t.race",
      "herald.event.conflict",
    ]);
    expect(log).toHaveLength(2);
  });
});
