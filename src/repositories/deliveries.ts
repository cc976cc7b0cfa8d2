import { and, desc, eq, gte, inArray, lt, lte, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { type AttemptRow, attempts, type DeliveryRow, deliveries } from "../db/schema";
import type { Scope } from "./scope";
import { acrossShards } from "./shards";

// A delivery belongs to the wallet of its event: a wallet's own webhooks only get its events.
function inScope(scope: Scope): SQL | undefined {
  return scope.kind === "all" ? undefined : eq(deliveries.walletId, scope.walletId);
}

/** Filters of a webhook's delivery log. */
export interface DeliveryFilter {
  status?: string;
  eventType?: string;
  since?: string;
  until?: string;
}

/**
 * A page of one webhook's deliveries, newest first (delivery ids are UUIDv7: time-ordered).
 * A cross-wallet scope reads every shard (a global webhook's deliveries spread over them) and
 * merges the pages by id, so the cursor (the last id) means the same with any shard count.
 */
export async function listWebhookDeliveries(
  db: Database,
  scope: Scope,
  webhookId: string,
  filter: DeliveryFilter,
  limit: number,
  beforeId: string | null,
): Promise<DeliveryRow[]> {
  const conditions: (SQL | undefined)[] = [
    eq(deliveries.webhookId, webhookId),
    inScope(scope),
    filter.status ? eq(deliveries.status, filter.status) : undefined,
    filter.eventType ? eq(deliveries.eventType, filter.eventType) : undefined,
    filter.since ? gte(deliveries.createdAt, filter.since) : undefined,
    filter.until ? lte(deliveries.createdAt, filter.until) : undefined,
    beforeId ? lt(deliveries.id, beforeId) : undefined,
  ];
  const pages = await acrossShards(db, scope, (shard) =>
    shard
      .select()
      .from(deliveries)
      .where(and(...conditions))
      .orderBy(desc(deliveries.id))
      .limit(limit)
      .all(),
  );
  if (pages.length === 1) return pages[0]!;
  return pages
    .flat()
    .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .slice(0, limit);
}

/** One delivery in the scope, or null (another wallet's is null too); the admin's is looked for in every shard. */
export async function findDelivery(
  db: Database,
  scope: Scope,
  id: string,
): Promise<DeliveryRow | null> {
  const found = await acrossShards(db, scope, (shard) =>
    shard
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.id, id), inScope(scope)))
      .get(),
  );
  return found.find((row) => row !== undefined) ?? null;
}

/** A delivery's attempts in order; none when the delivery is outside the scope. */
export async function attemptsOf(
  db: Database,
  scope: Scope,
  deliveryId: string,
): Promise<AttemptRow[]> {
  // Attempts live in their delivery's shard; only that shard returns any.
  const found = await acrossShards(db, scope, (shard) => {
    const owned = shard
      .select({ id: deliveries.id })
      .from(deliveries)
      .where(and(eq(deliveries.id, deliveryId), inScope(scope)));
    return shard
      .select()
      .from(attempts)
      .where(and(eq(attempts.deliveryId, deliveryId), inArray(attempts.deliveryId, owned)))
      .orderBy(attempts.n)
      .all();
  });
  return found.flat();
}
