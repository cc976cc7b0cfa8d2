import type { AllWallets } from "./scope";

/** A queue message that ran out of retries, as the dead-letter consumer records it. */
export interface DeadLetter {
  id: string;
  queue: string;
  body: unknown;
  attempts: number;
}

/** Records dead letters in one batch; a message recorded before (a redelivery) is left as it was. */
export async function insertDeadLetters(
  db: D1Database,
  _scope: AllWallets,
  letters: DeadLetter[],
  receivedAt: string,
): Promise<void> {
  const insert = db.prepare(
    "INSERT OR IGNORE INTO dead_letters (id, queue, body, attempts, received_at) VALUES (?, ?, ?, ?, ?)",
  );
  await db.batch(
    letters.map((l) => insert.bind(l.id, l.queue, JSON.stringify(l.body), l.attempts, receivedAt)),
  );
}

/** A recorded dead letter, with its place in the record (SQLite's rowid: insertion order). */
export interface DeadLetterRow {
  position: number;
  id: string;
  queue: string;
  body: string;
  attempts: number;
  receivedAt: string;
  resolvedAt: string | null;
}

const COLUMNS =
  "rowid AS position, id, queue, body, attempts, received_at AS receivedAt, resolved_at AS resolvedAt";

/** Dead letters after a position, oldest first (the admin's list). */
export async function pageDeadLetters(
  db: D1Database,
  _scope: AllWallets,
  after: number,
  limit: number,
): Promise<DeadLetterRow[]> {
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM dead_letters WHERE rowid > ? ORDER BY rowid LIMIT ?`)
    .bind(after, limit)
    .all<DeadLetterRow>();
  return results;
}

/** One dead letter, or null. */
export async function findDeadLetter(
  db: D1Database,
  _scope: AllWallets,
  id: string,
): Promise<DeadLetterRow | null> {
  return db.prepare(`SELECT ${COLUMNS} FROM dead_letters WHERE id = ?`).bind(id).first();
}

/** Marks a dead letter replayed; false when it already was (another replay got there first). */
export async function markDeadLetterResolved(
  db: D1Database,
  _scope: AllWallets,
  id: string,
  at: string,
): Promise<boolean> {
  const result = await db
    .prepare("UPDATE dead_letters SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL")
    .bind(at, id)
    .run();
  return result.meta.changes === 1;
}

/** Clears the mark when the replay could not be queued, so it can be tried again. */
export async function clearDeadLetterResolved(
  db: D1Database,
  _scope: AllWallets,
  id: string,
): Promise<void> {
  await db.prepare("UPDATE dead_letters SET resolved_at = NULL WHERE id = ?").bind(id).run();
}
