import {
  and,
  asc,
  eq,
  getTableColumns,
  gt,
  inArray,
  like,
  lt,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import type { Database } from "../db/client";
import { type DeliveryRow, deliveries, type EventRow, events, webhooks } from "../db/schema";
import { NOTIFY_OBJECT_PREFIX } from "../domain/notify-target";
import type { WalletScope } from "./scope";
import { isControl, shardOf } from "./shards";

/** A stored event with its position in the log: the rowid SQLite gave it when the consumer stored it. */
export type PositionedRow = EventRow & { position: number };

// One writer per database: rowids are handed out in commit order, so any snapshot of a
// wallet's log is a prefix of it in position order, and a cursor never skips a later row.
const position = sql<number>`"events"."rowid"`.mapWith(Number);
const withPosition = { ...getTableColumns(events), position };

/** SQL for an event-type pattern (an exact type, `prefix.*`, or `*`), matching as matchesEventType does. */
function typeMatches(pattern: string | null): SQL | undefined {
  if (!pattern || pattern === "*") return undefined;
  if (!pattern.endsWith(".*")) return eq(events.type, pattern);
  const prefix = pattern.slice(0, -1);
  // substr, not LIKE: `_` is a legal type character and a LIKE wildcard.
  return sql`(length(${events.type}) > ${prefix.length} and substr(${events.type}, 1, ${prefix.length}) = ${prefix})`;
}

/** Up to `limit` of a wallet's events after position `after` (and before `before`), in log order, optionally of one type pattern. */
export async function eventsAfter(
  db: Database,
  scope: WalletScope,
  after: number,
  limit: number,
  typePattern: string | null = null,
  before: number | null = null,
): Promise<PositionedRow[]> {
  return shardOf(db, scope.walletId)
    .select(withPosition)
    .from(events)
    .where(
      and(
        eq(events.walletId, scope.walletId),
        gt(position, after),
        before === null ? undefined : lt(position, before),
        typeMatches(typePattern),
      ),
    )
    .orderBy(asc(position))
    .limit(limit)
    .all();
}

/** The position of a wallet's newest event; 0 when it has none. */
export async function lastPosition(db: Database, scope: WalletScope): Promise<number> {
  const row = await shardOf(db, scope.walletId)
    .select({ last: sql<number | null>`max("events"."rowid")` })
    .from(events)
    .where(eq(events.walletId, scope.walletId))
    .get();
  return Number(row?.last ?? 0);
}

/** One of a wallet's events by id, with its position, or null. */
export async function findPositionedEvent(
  db: Database,
  scope: WalletScope,
  id: string,
): Promise<PositionedRow | null> {
  return (
    (await shardOf(db, scope.walletId)
      .select(withPosition)
      .from(events)
      .where(and(eq(events.walletId, scope.walletId), eq(events.id, id)))
      .get()) ?? null
  );
}

/**
 * The deliveries of one of a wallet's events, in creation order (ids are UUIDv7). `seen` "own"
 * keeps those a tenant may see: to the wallet's own webhooks and its one-off notify targets,
 * never to the operator's global webhooks (nor to webhooks since deleted, whose owner D1 no
 * longer knows); "all" is the operator's view.
 */
export async function deliveriesOfLoggedEvent(
  db: Database,
  scope: WalletScope,
  eventId: string,
  seen: "own" | "all" = "own",
): Promise<DeliveryRow[]> {
  const shard = shardOf(db, scope.walletId);
  const ofEvent = and(eq(deliveries.walletId, scope.walletId), eq(deliveries.eventId, eventId));
  const query = (own: SQL | undefined) =>
    shard
      .select()
      .from(deliveries)
      .where(and(ofEvent, own))
      .orderBy(asc(deliveries.createdAt), asc(deliveries.id))
      .limit(1000)
      .all();
  if (seen === "all") return query(undefined);
  // Webhook ids are UUIDs, so only notify objects' names match (`_` included).
  const notify = like(deliveries.webhookId, `${NOTIFY_OBJECT_PREFIX}%`);
  const ownIds = db
    .select({ id: webhooks.id })
    .from(webhooks)
    .where(eq(webhooks.walletId, scope.walletId));
  if (isControl(db, shard)) return query(or(inArray(deliveries.webhookId, ownIds), notify));
  // The webhooks live in the control database, apart from the shard: read the wallet's own
  // ones there, then keep its deliveries to them (and to its notify targets).
  const own = new Set((await ownIds.all()).map((w) => w.id));
  const rows = await query(undefined);
  return rows.filter((d) => own.has(d.webhookId) || d.webhookId.startsWith(NOTIFY_OBJECT_PREFIX));
}
