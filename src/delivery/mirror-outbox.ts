import type { Database } from "../db/client";
import { mirrorToD1 } from "../repositories/delivery-mirror";
import { systemScope } from "../repositories/scope";
import type { AttemptRecord, PendingRow } from "./pending-schema";

/** An attempt with its delivery's wallet (null once the object forgot the delivery). */
type WalletAttempt = AttemptRecord & { wallet_id: string | null };

const MIRROR_BATCH = 100;
// The states a delivery ends in: all that MIRROR=terminal writes to D1.
const ENDED = "('succeeded', 'failed', 'expired')";
// The D1 mirror is written at most this often per object (or when a full batch waits): one D1
// write per busy object every two seconds, instead of one per alarm run (about 1.2 ms of CPU each
// in local dev, and D1 has one writer for the whole service).
export const MIRROR_EVERY_MS = 2_000;
// One flush writes at most this many batches; what is left waits for the next run.
const MAX_BATCHES_PER_FLUSH = 50;

/**
 * What the D1 mirror has not seen yet: delivery rows marked dirty and the attempt outbox, both
 * in the object's SQLite storage, written to D1 in batches and paced per object.
 */
export class MirrorOutbox {
  private lastMirrorAt = 0;

  /** `terminalOnly` says whether MIRROR=terminal holds back open deliveries (read each time). */
  constructor(
    private readonly sql: SqlStorage,
    private readonly terminalOnly: () => boolean = () => false,
  ) {}

  /** When the next paced flush may write (unix ms). */
  get dueAt(): number {
    return this.lastMirrorAt + MIRROR_EVERY_MS;
  }

  /** Whether anything waits for the mirror. */
  pending(): boolean {
    const { deliveries, attempts } = this.unmirrored(1);
    return deliveries.length > 0 || attempts.length > 0;
  }

  /** Mirrors delivery states and attempts to D1, when MIRROR_EVERY_MS has passed since the last time or a full batch waits. */
  async flush(db: Database, webhookId: string | null): Promise<void> {
    if (Date.now() - this.lastMirrorAt < MIRROR_EVERY_MS && this.unmirroredCount() < MIRROR_BATCH)
      return;
    if (!webhookId) return;
    this.lastMirrorAt = Date.now();
    for (let round = 0; round < MAX_BATCHES_PER_FLUSH; round++) {
      const { deliveries, attempts } = this.unmirrored(MIRROR_BATCH);
      if (!deliveries.length && !attempts.length) return;
      await mirrorToD1(db, systemScope(), webhookId, deliveries, attempts);
      this.mirrored(deliveries, attempts);
    }
  }

  /**
   * Rows and attempts the D1 mirror has not seen yet. Under MIRROR=terminal, open deliveries and
   * the attempts of open deliveries wait until their delivery ends.
   */
  private unmirrored(limit: number): { deliveries: PendingRow[]; attempts: WalletAttempt[] } {
    if (!this.terminalOnly())
      return {
        deliveries: this.sql
          .exec<PendingRow>("SELECT * FROM deliveries WHERE dirty = 1 LIMIT ?", limit)
          .toArray(),
        attempts: this.sql
          // With each attempt its delivery's wallet: the D1 shard it is mirrored to.
          .exec<WalletAttempt>(
            "SELECT a.*, d.wallet_id FROM attempt_outbox a LEFT JOIN deliveries d USING (delivery_id) LIMIT ?",
            limit,
          )
          .toArray(),
      };
    return {
      deliveries: this.sql
        .exec<PendingRow>(
          `SELECT * FROM deliveries WHERE dirty = 1 AND status IN ${ENDED} LIMIT ?`,
          limit,
        )
        .toArray(),
      attempts: this.sql
        .exec<WalletAttempt>(
          `SELECT a.*, d.wallet_id FROM attempt_outbox a JOIN deliveries d ON d.delivery_id = a.delivery_id
             WHERE d.status IN ${ENDED} LIMIT ?`,
          limit,
        )
        .toArray(),
    };
  }

  /** How many delivery states and attempts wait for the D1 mirror (the larger of the two). */
  private unmirroredCount(): number {
    const terminalOnly = this.terminalOnly();
    const ended = terminalOnly ? ` AND status IN ${ENDED}` : "";
    const dirty = this.sql
      .exec<{ n: number }>(`SELECT COUNT(*) AS n FROM deliveries WHERE dirty = 1${ended}`)
      .one().n;
    const attempts = this.sql
      .exec<{ n: number }>(
        terminalOnly
          ? `SELECT COUNT(*) AS n FROM attempt_outbox a JOIN deliveries d ON d.delivery_id = a.delivery_id
               WHERE d.status IN ${ENDED}`
          : "SELECT COUNT(*) AS n FROM attempt_outbox",
      )
      .one().n;
    return Math.max(dirty, attempts);
  }

  /** Clears the mirror marks of what D1 now holds (unless the row changed again meanwhile). */
  private mirrored(deliveries: PendingRow[], attempts: AttemptRecord[]): void {
    // Two statements for the whole batch (the rows travel as one JSON parameter), not one per row.
    if (deliveries.length) {
      this.sql.exec(
        `UPDATE deliveries SET dirty = 0 WHERE (key, updated_at) IN
           (SELECT value ->> 'key', value ->> 'updatedAt' FROM json_each(?))`,
        JSON.stringify(deliveries.map((d) => ({ key: d.key, updatedAt: d.updated_at }))),
      );
    }
    if (attempts.length) {
      this.sql.exec(
        `DELETE FROM attempt_outbox WHERE (delivery_id, n) IN (SELECT value ->> 'deliveryId', value ->> 'n' FROM json_each(?))`,
        JSON.stringify(attempts.map((a) => ({ deliveryId: a.delivery_id, n: a.n }))),
      );
    }
  }
}
