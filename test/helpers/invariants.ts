import { env } from "cloudflare:workers";
import { Webhook } from "standardwebhooks";
import { expect } from "vitest";
import { notifySettings } from "../../src/delivery/webhook-settings";
import { notifyObjectName } from "../../src/domain/notify-target";
import { webhookMessageId } from "../../src/domain/signing/webhook-id";
import type { Received } from "./receiver";
import { dataDbs, walletDb } from "./shards";

// The pipeline's promises, checked from the outside: D1's delivery log against what the
// receivers really saw. A fault test states which (event, webhook) pairs were accepted and
// hands over the receivers; this file says whether "no step may lose an event" held.

/** A webhook (or one-off notify target) whose receiver the test watches. */
export interface WatchedWebhook {
  id: string;
  secret: string;
  receiver: { requests(): Promise<Received[]> };
  /** Fifo webhooks must see their events in ingest order. Webhooks are fifo unless created otherwise. */
  ordering?: "fifo" | "unordered";
}

/** An accepted event, listed in ingest order, and the webhooks it must reach. */
export interface AcceptedEvent {
  walletId: string;
  eventId: string;
  webhookIds: string[];
}

/** One delivery as D1 holds it. */
export interface DeliveryRow {
  id: string;
  wallet_id: string;
  event_id: string;
  webhook_id: string;
  status: "pending" | "sending" | "succeeded" | "failed" | "expired";
  attempt_count: number;
  next_attempt_at: string | null;
}

/** What the check saw, for further assertions: the final delivery rows and each receiver's requests. */
export interface InvariantReport {
  deliveries: Map<string, DeliveryRow>;
  requests: Map<string, Received[]>;
}

const SETTLED = new Set(["succeeded", "failed", "expired"]);
const pairKey = (webhookId: string, walletId: string, eventId: string) =>
  `${webhookId}\n${walletId}\n${eventId}`;
const ok = (r: Received) => r.status !== null && r.status >= 200 && r.status < 300;

/** The object name and derived signing secret of a one-off `notify` target, to watch it like a webhook. */
export async function notifyTarget(
  walletId: string,
  url: string,
): Promise<{ id: string; secret: string }> {
  const id = await notifyObjectName(walletId, url);
  const settings = await notifySettings(env, { keys: [env.ENCRYPTION_KEY] }, id, walletId, {
    url,
    bearerTokenEnc: null,
    format: "standard",
  });
  return { id, secret: settings.secret };
}

async function settledDeliveries(
  accepted: AcceptedEvent[],
  timeoutMs: number,
): Promise<Map<string, DeliveryRow>> {
  const pairs = accepted.flatMap((e) =>
    e.webhookIds.map((webhookId) => ({ webhookId, walletId: e.walletId, eventId: e.eventId })),
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = new Map<string, DeliveryRow>();
    // One batch per shard (each pair is read in its wallet's shard), results in pair order.
    const results: D1Result<DeliveryRow>[] = [];
    const byDb = new Map<D1Database, number[]>();
    pairs.forEach((p, i) => {
      const db = walletDb(p.walletId);
      const indexes = byDb.get(db);
      if (indexes) indexes.push(i);
      else byDb.set(db, [i]);
    });
    for (const [db, indexes] of byDb) {
      const select = db.prepare(
        "SELECT * FROM deliveries WHERE webhook_id = ? AND wallet_id = ? AND event_id = ?",
      );
      const read = await db.batch<DeliveryRow>(
        indexes.map((i) => select.bind(pairs[i]!.webhookId, pairs[i]!.walletId, pairs[i]!.eventId)),
      );
      indexes.forEach((i, k) => {
        results[i] = read[k]!;
      });
    }
    results.forEach((r, i) => {
      const row = r.results[0];
      if (row) found.set(pairKey(pairs[i]!.webhookId, pairs[i]!.walletId, pairs[i]!.eventId), row);
    });
    const unsettled = pairs.filter((p) => {
      const row = found.get(pairKey(p.webhookId, p.walletId, p.eventId));
      // One row per pair (D1's unique key); it must be ended, or pending with a time for its next attempt.
      return (
        !row ||
        !(SETTLED.has(row.status) || (row.status === "pending" && row.next_attempt_at !== null))
      );
    });
    if (!unsettled.length) return found;
    if (Date.now() > deadline) {
      const states = unsettled.map(
        (p) =>
          `${p.eventId} -> ${p.webhookId}: ${found.get(pairKey(p.webhookId, p.walletId, p.eventId))?.status ?? "no delivery"}`,
      );
      expect.fail(`deliveries did not settle within ${timeoutMs} ms:\n${states.join("\n")}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function interruptedAttempts(deliveryIds: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (!deliveryIds.length) return counts;
  // A delivery's attempts are in one shard: the sum over the shards is its count.
  for (const db of dataDbs()) {
    const select = db.prepare(
      "SELECT COUNT(*) AS n FROM attempts WHERE delivery_id = ? AND error LIKE 'interrupted%'",
    );
    const results = await db.batch<{ n: number }>(deliveryIds.map((id) => select.bind(id)));
    for (const [i, r] of results.entries()) {
      const id = deliveryIds[i]!;
      counts.set(id, (counts.get(id) ?? 0) + (r.results[0]?.n ?? 0));
    }
  }
  return counts;
}

/**
 * Asserts the pipeline's invariants for these accepted events (in ingest order):
 * - every (event, webhook) pair has exactly one delivery in D1, ended (succeeded, failed,
 *   expired) or pending with a next attempt, waiting up to `timeoutMs` for the mirror;
 * - no watched receiver saw a webhook-id it was not owed;
 * - a succeeded delivery reached its receiver with a 2xx, and a second 2xx copy only when D1
 *   records an interrupted attempt (the object restarted mid-send); no more requests than attempts;
 * - every request's signature verifies with `standardwebhooks`, and the body bytes are the
 *   same on every attempt of one webhook-id;
 * - a fifo receiver's first successful arrival per webhook-id follows ingest order.
 */
export async function expectPipelineInvariants(input: {
  webhooks: WatchedWebhook[];
  accepted: AcceptedEvent[];
  timeoutMs?: number;
}): Promise<InvariantReport> {
  const deliveries = await settledDeliveries(input.accepted, input.timeoutMs ?? 20_000);
  const interrupted = await interruptedAttempts([...deliveries.values()].map((d) => d.id));
  const requests = new Map<string, Received[]>();

  for (const webhook of input.webhooks) {
    const seen = await webhook.receiver.requests();
    requests.set(webhook.id, seen);
    const owed = input.accepted.filter((e) => e.webhookIds.includes(webhook.id));
    // webhook-id is derived from (wallet, event): map each one Herald owes back to its event id.
    const eventOf = new Map<string, string>();
    for (const e of owed) eventOf.set(await webhookMessageId(e.walletId, e.eventId), e.eventId);
    const signer = new Webhook(webhook.secret);

    for (const request of seen) {
      const id = request.headers["webhook-id"] ?? "";
      expect(eventOf.has(id), `${webhook.id} saw webhook-id ${id}, which it was not owed`).toBe(
        true,
      );
      // A receiver that hung up before reading the body has no bytes to verify.
      if (request.unread) continue;
      expect(
        () => signer.verify(request.body, request.headers),
        `signature of ${id} at ${webhook.id}`,
      ).not.toThrow();
    }

    for (const event of owed) {
      const row = deliveries.get(pairKey(webhook.id, event.walletId, event.eventId))!;
      const copies = seen.filter(
        (r) => eventOf.get(r.headers["webhook-id"] ?? "") === event.eventId,
      );
      const successes = copies.filter(ok).length;
      const label = `${event.eventId} -> ${webhook.id} (${row.status}, ${row.attempt_count} attempts)`;
      expect(copies.length, `${label}: more requests than attempts`).toBeLessThanOrEqual(
        row.attempt_count,
      );
      expect(
        new Set(copies.filter((r) => !r.unread).map((r) => r.body)).size,
        `${label}: body changed between attempts`,
      ).toBeLessThanOrEqual(1);
      expect(successes, `${label}: delivered again after a success`).toBeLessThanOrEqual(
        1 + (interrupted.get(row.id) ?? 0),
      );
      if (row.status === "succeeded")
        expect(successes, `${label}: no successful arrival`).toBeGreaterThanOrEqual(1);
      if (row.status === "expired")
        expect(successes, `${label}: an expired delivery arrived`).toBe(0);
    }

    if ((webhook.ordering ?? "fifo") === "fifo") {
      const firstArrivals: string[] = [];
      for (const r of seen.filter(ok)) {
        const id = eventOf.get(r.headers["webhook-id"] ?? "") ?? "";
        if (!firstArrivals.includes(id)) firstArrivals.push(id);
      }
      const ingestOrder = owed.map((e) => e.eventId).filter((id) => firstArrivals.includes(id));
      expect(firstArrivals, `${webhook.id} is fifo: arrivals must follow ingest order`).toEqual(
        ingestOrder,
      );
    }
  }
  return { deliveries, requests };
}
