import { and, desc, eq, gte, lt, lte, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { type AttemptRow, attempts, type DeliveryRow, deliveries } from "../db/schema";

/** Filters of a webhook's delivery log. */
export interface DeliveryFilter {
  status?: string;
  eventType?: string;
  since?: string;
  until?: string;
}

/** A page of one webhook's deliveries, newest first (delivery ids are UUIDv7: time-ordered). */
export async function listWebhookDeliveries(
  db: Database,
  webhookId: string,
  filter: DeliveryFilter,
  limit: number,
  beforeId: string | null,
): Promise<DeliveryRow[]> {
  const conditions: (SQL | undefined)[] = [
    eq(deliveries.webhookId, webhookId),
    filter.status ? eq(deliveries.status, filter.status) : undefined,
    filter.eventType ? eq(deliveries.eventType, filter.eventType) : undefined,
    filter.since ? gte(deliveries.createdAt, filter.since) : undefined,
    filter.until ? lte(deliveries.createdAt, filter.until) : undefined,
    beforeId ? lt(deliveries.id, beforeId) : undefined,
  ];
  return db
    .select()
    .from(deliveries)
    .where(and(...conditions))
    .orderBy(desc(deliveries.id))
    .limit(limit)
    .all();
}

/** One delivery, or null. Tenancy is checked by the caller through the delivery's webhook. */
export async function findDelivery(db: Database, id: string): Promise<DeliveryRow | null> {
  return (await db.select().from(deliveries).where(eq(deliveries.id, id)).get()) ?? null;
}

/** A delivery's attempts in order. */
export async function attemptsOf(db: Database, deliveryId: string): Promise<AttemptRow[]> {
  return db
    .select()
    .from(attempts)
    .where(eq(attempts.deliveryId, deliveryId))
    .orderBy(attempts.n)
    .all();
}

/** Ids of a webhook's failed deliveries created within [since, until], oldest first. */
export async function failedDeliveryIds(
  db: Database,
  webhookId: string,
  since: string,
  until: string,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.webhookId, webhookId),
        eq(deliveries.status, "failed"),
        gte(deliveries.createdAt, since),
        lte(deliveries.createdAt, until),
      ),
    )
    .orderBy(deliveries.id)
    .limit(limit)
    .all();
  return rows.map((r) => r.id);
}
