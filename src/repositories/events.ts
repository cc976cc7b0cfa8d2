import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database, Handle } from "../db/client";
import { type EventRow, events } from "../db/schema";
import type { QueuedEvent } from "../domain/event-contract/queued-event";
import type { AllWallets, WalletScope } from "./scope";
import { byShard, shardOf } from "./shards";

// D1 binds at most 100 parameters per statement.
const IDS_PER_QUERY = 90;

/** The stored hashes of those of a wallet's event ids that exist (the idempotency check). */
export async function storedHashes(
  db: Database,
  scope: WalletScope,
  ids: string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const shard = shardOf(db, scope.walletId);
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    const rows = await shard
      .select({ id: events.id, bodyHash: events.bodyHash })
      .from(events)
      .where(
        and(
          eq(events.walletId, scope.walletId),
          inArray(events.id, ids.slice(i, i + IDS_PER_QUERY)),
        ),
      )
      .all();
    for (const r of rows) found.set(r.id, r.bodyHash);
  }
  return found;
}

// An events row binds 12 parameters: 8 rows fill a statement.
const ROWS_PER_INSERT = 8;

const rowOf = (e: QueuedEvent) => ({
  walletId: e.walletId,
  id: e.id,
  type: e.type,
  data: JSON.stringify(e.data),
  channels: e.channels,
  subject: e.subject,
  expiresAt: e.expiresAt,
  notify: e.notify ? JSON.stringify(e.notify) : null,
  bodyHash: e.bodyHash,
  seq: e.seq,
  createdAt: e.createdAt,
  operational: e.operational === true,
});

/** Stores one event of the scope's wallet; an id already stored is left as it was. */
export async function insertEvent(
  db: Database,
  scope: WalletScope,
  event: QueuedEvent,
): Promise<void> {
  await shardOf(db, scope.walletId)
    .insert(events)
    .values({ ...rowOf(event), walletId: scope.walletId })
    .onConflictDoNothing();
}

/**
 * Stores a queue batch of events of any wallets (the consumer's system write): per shard, one
 * atomic batch of multi-row inserts (a few statements instead of one per event), returning the
 * rows it added with their log position (rowid in the wallet's shard). An id already stored,
 * or met earlier in the batch, is left as it was and not returned: the first accepted copy
 * wins. With several shards each shard's write is atomic on its own; a failure in one throws
 * after the others committed, and the redelivered batch finds their events stored.
 */
export async function insertNewEvents(
  db: Database,
  _scope: AllWallets,
  batch: QueuedEvent[],
): Promise<{ walletId: string; id: string; position: number }[]> {
  const written = await Promise.all(
    [...byShard(db, batch, (e) => e.walletId)].map(([shard, rows]) => insertIntoShard(shard, rows)),
  );
  return written.flat();
}

async function insertIntoShard(shard: Handle, batch: QueuedEvent[]) {
  const statements = [];
  for (let i = 0; i < batch.length; i += ROWS_PER_INSERT) {
    statements.push(
      shard
        .insert(events)
        .values(batch.slice(i, i + ROWS_PER_INSERT).map(rowOf))
        .onConflictDoNothing()
        .returning({ walletId: events.walletId, id: events.id, position: sql<number>`rowid` }),
    );
  }
  const [first, ...rest] = statements;
  if (!first) return [];
  return (await shard.batch([first, ...rest])).flat();
}

/** Events of one wallet by id. */
export async function findEvents(
  db: Database,
  scope: WalletScope,
  ids: string[],
): Promise<EventRow[]> {
  const out: EventRow[] = [];
  const shard = shardOf(db, scope.walletId);
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    out.push(
      ...(await shard
        .select()
        .from(events)
        .where(
          and(
            eq(events.walletId, scope.walletId),
            inArray(events.id, ids.slice(i, i + IDS_PER_QUERY)),
          ),
        )
        .all()),
    );
  }
  return out;
}

/** Turns a stored row back into the queued shape (the first accepted copy wins). */
export function queuedFromRow(row: EventRow, globalOnly = false): QueuedEvent {
  return {
    walletId: row.walletId,
    id: row.id,
    type: row.type,
    data: JSON.parse(row.data) as Record<string, unknown>,
    channels: row.channels,
    subject: row.subject,
    expiresAt: row.expiresAt,
    notify: row.notify ? (JSON.parse(row.notify) as QueuedEvent["notify"]) : null,
    bodyHash: row.bodyHash,
    seq: row.seq,
    createdAt: row.createdAt,
    ...(row.operational ? { operational: true } : {}),
    ...(globalOnly ? { globalOnly } : {}),
  };
}
