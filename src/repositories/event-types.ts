import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { eventTypes } from "../db/event-types-schema";
import type { AllWallets, Scope, WalletScope } from "./scope";

/** A wallet-registered event type as stored. */
export type EventTypeRow = typeof eventTypes.$inferSelect;

// D1 binds at most 100 parameters per statement; name lists are chunked below that.
const NAMES_PER_QUERY = 90;

/** A wallet's registered types, by name. */
export async function listEventTypes(db: Database, scope: WalletScope): Promise<EventTypeRow[]> {
  return db
    .select()
    .from(eventTypes)
    .where(eq(eventTypes.walletId, scope.walletId))
    .orderBy(asc(eventTypes.name))
    .all();
}

/** One of a wallet's registered types, or null. */
export async function findEventType(
  db: Database,
  scope: WalletScope,
  name: string,
): Promise<EventTypeRow | null> {
  return (
    (await db
      .select()
      .from(eventTypes)
      .where(and(eq(eventTypes.walletId, scope.walletId), eq(eventTypes.name, name)))
      .get()) ?? null
  );
}

/** How many types a wallet registered. */
export async function countEventTypes(db: Database, scope: WalletScope): Promise<number> {
  const row = await db
    .select({ n: count() })
    .from(eventTypes)
    .where(eq(eventTypes.walletId, scope.walletId))
    .get();
  return row?.n ?? 0;
}

/**
 * Stores a new type unless the wallet has one of that name ("exists") or already has `limit`
 * ("full"). One statement counts and inserts, so registrations racing each other cannot
 * overshoot the limit; columns are named, so one added later keeps its default.
 */
export async function insertEventType(
  db: Database,
  scope: WalletScope,
  row: Omit<typeof eventTypes.$inferInsert, "walletId">,
  limit: number,
): Promise<EventTypeRow | "exists" | "full"> {
  const json = (value: unknown) => (value == null ? null : JSON.stringify(value));
  const result = await db.run(sql`INSERT INTO event_types
      (wallet_id, name, description, schema, example, validate_ingest, created_at, updated_at)
    SELECT ${scope.walletId}, ${row.name}, ${row.description ?? ""}, ${json(row.schema)},
      ${json(row.example)}, ${row.validateIngest ? 1 : 0}, ${row.createdAt}, ${row.updatedAt}
    WHERE (SELECT count(*) FROM event_types WHERE wallet_id = ${scope.walletId}) < ${limit}
    ON CONFLICT DO NOTHING`);
  const stored = await findEventType(db, scope, row.name);
  if (result.meta.changes === 1 && stored) return stored;
  return stored ? "exists" : "full";
}

/** Removes one of a wallet's types; false when it has none of that name. */
export async function deleteEventType(
  db: Database,
  scope: WalletScope,
  name: string,
): Promise<boolean> {
  const gone = await db
    .delete(eventTypes)
    .where(and(eq(eventTypes.walletId, scope.walletId), eq(eventTypes.name, name)))
    .returning({ name: eventTypes.name })
    .get();
  return gone !== undefined;
}

/**
 * Which of these names are registered: by the scope's wallet, or (all wallets, for a global
 * webhook that receives every wallet's events) by any wallet.
 */
export async function registeredNames(
  db: Database,
  scope: Scope,
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
          scope.kind === "all" ? undefined : eq(eventTypes.walletId, scope.walletId),
        ),
      )
      .all();
    for (const { name } of rows) found.add(name);
  }
  return found;
}

/** The names a wallet registered (for suggestions). */
export async function eventTypeNames(db: Database, scope: WalletScope): Promise<string[]> {
  const rows = await db
    .select({ name: eventTypes.name })
    .from(eventTypes)
    .where(eq(eventTypes.walletId, scope.walletId))
    .all();
  return rows.map((r) => r.name);
}

/** A wallet's types whose ingested events must match their schema. */
export async function validatingEventTypes(
  db: Database,
  scope: WalletScope,
): Promise<Array<Pick<EventTypeRow, "name" | "schema">>> {
  return db
    .select({ name: eventTypes.name, schema: eventTypes.schema })
    .from(eventTypes)
    .where(and(eq(eventTypes.walletId, scope.walletId), eq(eventTypes.validateIngest, true)))
    .all();
}

/** The wallets with at least one type whose ingested events must match its schema. */
export async function walletsValidatingIngest(db: Database, _scope: AllWallets): Promise<string[]> {
  const rows = await db
    .selectDistinct({ walletId: eventTypes.walletId })
    .from(eventTypes)
    .where(eq(eventTypes.validateIngest, true))
    .all();
  return rows.map((r) => r.walletId);
}
