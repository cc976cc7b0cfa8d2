import { and, asc, count, eq, inArray } from "drizzle-orm";
import type { Database } from "../db/client";
import { eventTypes } from "../db/event-types-schema";

/** A wallet-registered event type as stored. */
export type EventTypeRow = typeof eventTypes.$inferSelect;

// D1 binds at most 100 parameters per statement; name lists are chunked below that.
const NAMES_PER_QUERY = 90;

/** A wallet's registered types, by name. */
export async function listEventTypes(db: Database, walletId: string): Promise<EventTypeRow[]> {
  return db
    .select()
    .from(eventTypes)
    .where(eq(eventTypes.walletId, walletId))
    .orderBy(asc(eventTypes.name))
    .all();
}

/** One of a wallet's registered types, or null. */
export async function findEventType(
  db: Database,
  walletId: string,
  name: string,
): Promise<EventTypeRow | null> {
  return (
    (await db
      .select()
      .from(eventTypes)
      .where(and(eq(eventTypes.walletId, walletId), eq(eventTypes.name, name)))
      .get()) ?? null
  );
}

/** How many types a wallet registered. */
export async function countEventTypes(db: Database, walletId: string): Promise<number> {
  const row = await db
    .select({ n: count() })
    .from(eventTypes)
    .where(eq(eventTypes.walletId, walletId))
    .get();
  return row?.n ?? 0;
}

/** Stores a new type; null when the wallet already has one of that name. */
export async function insertEventType(
  db: Database,
  row: typeof eventTypes.$inferInsert,
): Promise<EventTypeRow | null> {
  return (await db.insert(eventTypes).values(row).onConflictDoNothing().returning().get()) ?? null;
}

/** Removes one of a wallet's types; false when it has none of that name. */
export async function deleteEventType(
  db: Database,
  walletId: string,
  name: string,
): Promise<boolean> {
  const gone = await db
    .delete(eventTypes)
    .where(and(eq(eventTypes.walletId, walletId), eq(eventTypes.name, name)))
    .returning({ name: eventTypes.name })
    .get();
  return gone !== undefined;
}

/**
 * Which of these names are registered: by the wallet, or (walletId null, for a global webhook
 * that receives every wallet's events) by any wallet.
 */
export async function registeredNames(
  db: Database,
  walletId: string | null,
  names: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < names.length; i += NAMES_PER_QUERY) {
    const chunk = names.slice(i, i + NAMES_PER_QUERY);
    const rows = await db
      .selectDistinct({ name: eventTypes.name })
      .from(eventTypes)
      .where(
        and(
          inArray(eventTypes.name, chunk),
          walletId === null ? undefined : eq(eventTypes.walletId, walletId),
        ),
      )
      .all();
    for (const { name } of rows) found.add(name);
  }
  return found;
}

/** The names a wallet registered (for suggestions). */
export async function eventTypeNames(db: Database, walletId: string): Promise<string[]> {
  const rows = await db
    .select({ name: eventTypes.name })
    .from(eventTypes)
    .where(eq(eventTypes.walletId, walletId))
    .all();
  return rows.map((r) => r.name);
}

/** A wallet's types whose ingested events must match their schema. */
export async function validatingEventTypes(
  db: Database,
  walletId: string,
): Promise<Array<Pick<EventTypeRow, "name" | "schema">>> {
  return db
    .select({ name: eventTypes.name, schema: eventTypes.schema })
    .from(eventTypes)
    .where(and(eq(eventTypes.walletId, walletId), eq(eventTypes.validateIngest, true)))
    .all();
}

/** The wallets with at least one type whose ingested events must match its schema. */
export async function walletsValidatingIngest(db: Database): Promise<string[]> {
  const rows = await db
    .selectDistinct({ walletId: eventTypes.walletId })
    .from(eventTypes)
    .where(eq(eventTypes.validateIngest, true))
    .all();
  return rows.map((r) => r.walletId);
}
