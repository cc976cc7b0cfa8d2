import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { HeraldMessage } from "../../src/domain/event-contract/messages";
import { call, callJson, newWallet, newWebhook } from "../helpers/api";
import { failingD1, faultSwitch } from "../helpers/faults";
import { expectPipelineInvariants } from "../helpers/invariants";
import {
  ackedIds,
  batchOf,
  consume,
  DEAD_LETTER_QUEUE,
  EVENTS_QUEUE,
  eventMessages,
  queuedEvent,
  retriedIds,
} from "../helpers/queue";
import { newReceiver } from "../helpers/receiver";

interface DeadLetterRow {
  id: string;
  queue: string;
  body: string;
  attempts: number;
  received_at: string;
  resolved_at: string | null;
}

async function deadLetters(ids: string[]): Promise<DeadLetterRow[]> {
  const placeholders = ids.map(() => "?").join(",");
  const rows = await env.DB.prepare(
    `SELECT * FROM dead_letters WHERE id IN (${placeholders}) ORDER BY id`,
  )
    .bind(...ids)
    .all<DeadLetterRow>();
  return rows.results;
}

describe("dead-letter queue", () => {
  it("records each dead-lettered message with its body and delivery count, then acks it", async () => {
    const wallet = await newWallet();
    const event = await queuedEvent(wallet.id, {
      type: "credential.issued",
      data: { credentialId: "c-9" },
    });
    const handoff: HeraldMessage = {
      kind: "handoff",
      walletId: wallet.id,
      eventIds: [event.id],
      webhookIds: [crypto.randomUUID()],
    };
    const batch = batchOf(DEAD_LETTER_QUEUE, [
      { body: { kind: "event", event }, attempts: 11 },
      { body: handoff, attempts: 11 },
    ]);
    const result = await consume(batch);

    const ids = batch.messages.map((m) => m.id).sort();
    expect(ackedIds(result, batch)).toEqual(ids);
    expect(result.retryMessages).toEqual([]);
    const rows = await deadLetters(ids);
    expect(rows).toHaveLength(2);
    for (const message of batch.messages) {
      const row = rows.find((r) => r.id === message.id)!;
      expect(row).toMatchObject({ queue: DEAD_LETTER_QUEUE, attempts: 11, resolved_at: null });
      expect(JSON.parse(row.body)).toEqual(message.body);
      expect(Date.parse(row.received_at)).not.toBeNaN();
    }
  });

  it("records a message once however often the dead-letter queue delivers it", async () => {
    const wallet = await newWallet();
    const event = await queuedEvent(wallet.id, { type: "credential.issued" });
    const id = crypto.randomUUID();
    const first = batchOf(DEAD_LETTER_QUEUE, [
      { id, body: { kind: "event", event }, attempts: 11 },
    ]);
    expect(ackedIds(await consume(first), first)).toEqual([id]);
    const again = batchOf(DEAD_LETTER_QUEUE, [
      { id, body: { kind: "event", event }, attempts: 12 },
    ]);
    expect(ackedIds(await consume(again), again)).toEqual([id]);

    const rows = await deadLetters([id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.attempts).toBe(11);
  });

  it("retries dead letters instead of acking them while D1 is unreachable, and records them once it is back", async () => {
    const wallet = await newWallet();
    const event = await queuedEvent(wallet.id, { type: "credential.issued" });
    const messages = [
      { id: crypto.randomUUID(), body: { kind: "event", event }, attempts: 11 },
      { id: crypto.randomUUID(), body: { kind: "unknown" }, attempts: 11 },
    ];
    const fault = faultSwitch();
    const broken = batchOf(DEAD_LETTER_QUEUE, messages);
    const result = await consume(broken, { DB: failingD1(env.DB, ["batch"], fault) });

    expect(fault.refused).toBe(1);
    expect(result.ackAll).toBe(false);
    expect(result.explicitAcks).toEqual([]);
    const retriedAll = result.retryBatch.retry || retriedIds(result).length === messages.length;
    expect(retriedAll).toBe(true);
    expect(await deadLetters(messages.map((m) => m.id))).toEqual([]);

    const healed = batchOf(
      DEAD_LETTER_QUEUE,
      messages.map((m) => ({ ...m, attempts: 12 })),
    );
    expect(ackedIds(await consume(healed), healed)).toEqual(messages.map((m) => m.id).sort());
    expect((await deadLetters(messages.map((m) => m.id))).map((r) => r.attempts)).toEqual([12, 12]);
  });

  it("retries a message the event consumer cannot read, so it ends in the dead-letter queue, and delivers the rest of its batch", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver();
    const hook = await newWebhook(wallet.apiKey, { url: receiver.url });
    const event = await queuedEvent(wallet.id, { type: "credential.issued" });
    const [good] = eventMessages([event]);
    const unreadable = [
      { body: { kind: "mystery", walletId: wallet.id } },
      { body: null },
      { body: "not an object" },
    ];
    const batch = batchOf(EVENTS_QUEUE, [good!, ...unreadable]);
    const result = await consume(batch);

    expect(ackedIds(result, batch)).toEqual([batch.messages[0]!.id]);
    expect(retriedIds(result)).toEqual(
      batch.messages
        .slice(1)
        .map((m) => m.id)
        .sort(),
    );
    await expectPipelineInvariants({
      webhooks: [{ id: hook.id, secret: hook.secret, receiver }],
      accepted: [{ walletId: wallet.id, eventId: event.id, webhookIds: [hook.id] }],
    });
  });

  it("lists dead letters to the admin with a cursor, and a replay delivers the message that died", async () => {
    const wallet = await newWallet();
    const receiver = await newReceiver();
    const hook = await newWebhook(wallet.apiKey, { url: receiver.url });
    const event = await queuedEvent(wallet.id, { type: "credential.issued", data: { n: 1 } });
    const dead = batchOf(DEAD_LETTER_QUEUE, [
      { body: { kind: "event", event }, attempts: 11 },
      { body: { kind: "mystery" }, attempts: 11 },
    ]);
    await consume(dead);
    const [eventLetter, mystery] = dead.messages.map((m) => m.id);
    expect(await receiver.requests()).toHaveLength(0);

    const seen: any[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: any } = await callJson(
        `/v1/admin/dead-letters?limit=1${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(1);
      seen.push(...page.body.data);
      cursor = page.body.nextCursor;
    } while (cursor);
    const listed = seen.find((l) => l.id === eventLetter);
    expect(listed).toMatchObject({ queue: DEAD_LETTER_QUEUE, attempts: 11, resolvedAt: null });
    expect(listed.body).toEqual({ kind: "event", event });

    const replay = await callJson(`/v1/admin/dead-letters/${eventLetter}/replay`, {
      method: "POST",
    });
    expect(replay.status).toBe(202);
    expect(replay.body).toEqual({ id: eventLetter, replayedAt: expect.any(String) });
    await expectPipelineInvariants({
      webhooks: [{ id: hook.id, secret: hook.secret, receiver }],
      accepted: [{ walletId: wallet.id, eventId: event.id, webhookIds: [hook.id] }],
    });
    expect(await receiver.requests()).toHaveLength(1);
    expect((await deadLetters([eventLetter!]))[0]!.resolved_at).toBe(replay.body.replayedAt);

    const again = await call(`/v1/admin/dead-letters/${eventLetter}/replay`, { method: "POST" });
    expect(again.status).toBe(409);
    const unreadable = await call(`/v1/admin/dead-letters/${mystery}/replay`, { method: "POST" });
    expect(unreadable.status).toBe(409);
    const unknown = await call("/v1/admin/dead-letters/no-such-letter/replay", { method: "POST" });
    expect(unknown.status).toBe(404);
  });

  it("keeps dead letters from wallet keys", async () => {
    const wallet = await newWallet();
    expect((await call("/v1/admin/dead-letters", { key: wallet.apiKey })).status).toBe(403);
    const replay = await call("/v1/admin/dead-letters/x/replay", {
      method: "POST",
      key: wallet.apiKey,
    });
    expect(replay.status).toBe(403);
  });
});
