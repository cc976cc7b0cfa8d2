import type { PendingRow } from "./pending-schema";

// Per-subject ordering and delivery sequence numbers, in the webhook object's SQLite storage
// beside the deliveries they order: a restarted object reads the same heads and numbers.

/** How a webhook orders its deliveries. */
export type Ordering = "fifo" | "unordered" | "subject";

// A delivery heads its subject when no open delivery of that subject was accepted before it
// (seq, then key, breaks a tie between two isolates' equal stamps). The partial index holds only
// open rows, so the check costs the same whatever history a subject has.
const HEADS_SUBJECT = `(d.subject IS NULL OR NOT EXISTS (SELECT 1 FROM deliveries o
  WHERE o.subject = d.subject AND o.status IN ('pending', 'sending')
    AND (o.seq < d.seq OR (o.seq = d.seq AND o.key < d.key))))`;

/** Adds the ordering columns, index and counters to an object's storage (older objects lack them). */
export function migrateOrdering(sql: SqlStorage): void {
  const columns = new Set(
    sql
      .exec<{ name: string }>("PRAGMA table_info(deliveries)")
      .toArray()
      .map((c) => c.name),
  );
  if (!columns.has("subject")) sql.exec("ALTER TABLE deliveries ADD COLUMN subject TEXT");
  if (!columns.has("sequence")) sql.exec("ALTER TABLE deliveries ADD COLUMN sequence INTEGER");
  sql.exec(`CREATE INDEX IF NOT EXISTS deliveries_subject_open ON deliveries(subject, seq)
    WHERE status IN ('pending', 'sending');
  CREATE TABLE IF NOT EXISTS sequences (scope TEXT PRIMARY KEY, last INTEGER NOT NULL);`);
}

/** Subject heads and sequence numbers of one webhook object. Synchronous, like PendingStore. */
export class OrderStore {
  constructor(private readonly sql: SqlStorage) {}

  /** Due deliveries that head their subject (or have none), in acceptance order: a `subject` webhook's next sends. */
  subjectHeads(now: number, limit: number): PendingRow[] {
    return this.sql
      .exec<PendingRow>(
        `SELECT d.* FROM deliveries d WHERE d.status = 'pending' AND d.next_attempt_at <= ?
           AND ${HEADS_SUBJECT} ORDER BY d.seq, d.key LIMIT ?`,
        now,
        limit,
      )
      .toArray();
  }

  /** When a subject head (or a delivery without subject) falls due: what a waiting retry holds back is not due. */
  subjectNextDueAt(): number | null {
    return this.sql
      .exec<{ at: number | null }>(
        `SELECT MIN(d.next_attempt_at) AS at FROM deliveries d WHERE d.status = 'pending' AND ${HEADS_SUBJECT}`,
      )
      .one().at;
  }

  /**
   * The delivery's `webhook-sequence`, numbered on its first attempt and kept for every later
   * one: per webhook for fifo, per subject for subject, none otherwise. Numbering on the first
   * attempt rather than on arrival keeps the numbers in sending order (the queue may hand an
   * earlier event over later) and gap-free (an expired delivery is never sent, so never numbered).
   */
  sequenceOf(row: PendingRow, ordering: Ordering): number | null {
    if (row.sequence !== null) return row.sequence;
    const scope = ordering === "fifo" ? "*" : ordering === "subject" ? row.subject : null;
    if (scope === null) return null;
    const next = this.sql
      .exec<{ last: number }>(
        `INSERT INTO sequences (scope, last) VALUES (?, 1)
           ON CONFLICT (scope) DO UPDATE SET last = last + 1 RETURNING last`,
        ordering === "fifo" ? scope : `subject:${scope}`,
      )
      .one().last;
    this.sql.exec("UPDATE deliveries SET sequence = ? WHERE key = ?", next, row.key);
    row.sequence = next;
    return next;
  }
}
