import type { Principal } from "../app-env";
import type { Database } from "../db/client";
import type { AttemptRow, DeliveryRow } from "../db/schema";
import { decodeCursor, encodeCursor } from "../domain/cursor";
import { NOTIFY_OBJECT_PREFIX } from "../domain/notify-target";
import { HeraldError, notFound } from "../errors/herald-error";
import {
  attemptsOf,
  type DeliveryFilter,
  findDelivery,
  listWebhookDeliveries,
} from "../repositories/deliveries";
import { scopeOf } from "../repositories/scope";
import { findWebhook } from "../repositories/webhooks";
import { getWebhookRow, type WebhookDeps } from "./webhooks";

/** A delivery as the API shows it. */
export function deliveryView(row: DeliveryRow) {
  return {
    id: row.id,
    eventId: row.eventId,
    webhookId: row.webhookId,
    eventType: row.eventType,
    status: row.status,
    attemptCount: row.attemptCount,
    nextAttemptAt: row.nextAttemptAt,
    lastStatusCode: row.lastStatusCode,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** An attempt as the API shows it. */
export function attemptView(row: AttemptRow) {
  return {
    n: row.n,
    startedAt: row.startedAt,
    durationMs: row.durationMs,
    statusCode: row.statusCode,
    error: row.error,
    responseBody: row.responseBody,
  };
}

/** A page of a webhook's delivery log, newest first. */
export async function pageWebhookDeliveries(
  deps: WebhookDeps,
  principal: Principal,
  webhookId: string,
  filter: DeliveryFilter,
  limit: number,
  cursor?: string,
) {
  await getWebhookRow(deps, principal, webhookId);
  const before = decodeCursor(cursor);
  if (cursor && before === null) throw new HeraldError("bad_request", "The cursor is not valid");
  const rows = await listWebhookDeliveries(
    deps.db,
    scopeOf(principal),
    webhookId,
    filter,
    limit + 1,
    before,
  );
  const page = rows.slice(0, limit);
  return {
    data: page.map(deliveryView),
    nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!.id) : null,
  };
}

/**
 * A delivery the caller may see: its webhook is in the caller's scope, or it went to a
 * one-off notify target of the caller's own wallet. Anything else is 404.
 */
export async function visibleDelivery(
  db: Database,
  principal: Principal,
  id: string,
): Promise<DeliveryRow> {
  const scope = scopeOf(principal);
  const row = await findDelivery(db, scope, id);
  if (!row) throw notFound("Delivery");
  // In the wallet's scope, and then its webhook must be too: a global webhook's deliveries of
  // the wallet's events are the admin's to see.
  if (scope.kind === "all" || row.webhookId.startsWith(NOTIFY_OBJECT_PREFIX)) return row;
  if (await findWebhook(db, scope, row.webhookId)) return row;
  throw notFound("Delivery");
}

/** One delivery with all its attempts. */
export async function deliveryWithAttempts(db: Database, principal: Principal, id: string) {
  const row = await visibleDelivery(db, principal, id);
  return {
    ...deliveryView(row),
    attempts: (await attemptsOf(db, scopeOf(principal), id)).map(attemptView),
  };
}
