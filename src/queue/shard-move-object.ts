import { DurableObject } from "cloudflare:workers";

// A barrier is re-sent when it has not come through in this long: a barrier that reached a
// consumer of the release before this one (during a deploy) went to the dead-letter queue.
const BARRIER_RESEND_MS = 60_000;

/** An event held back: its id, and whether it was queued for the global webhooks only. */
export interface HeldEvent {
  id: string;
  globalOnly: boolean;
}

/** What the consumer does with a moving wallet's events. */
export type HoldVerdict = { go: true } | { go: false; sendBarrier: boolean };

/**
 * One per wallet (named by the wallet id), used only while the queue shard count changes: it
 * holds the ids of the moving wallet's events, stored in D1 but not handed to webhook objects,
 * until the barrier sent behind the wallet's backlog on its old shard comes through; then the
 * consumer hands them off together and each webhook object sorts them by acceptance stamp.
 * Every method is synchronous storage work, so no two calls interleave.
 */
export class ShardMoveObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    // It touches no binding: storage only.
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(
      `CREATE TABLE IF NOT EXISTS move (
         one INTEGER PRIMARY KEY CHECK (one = 1),
         change TEXT NOT NULL,
         moved INTEGER NOT NULL DEFAULT 0,
         barrier_sent_at INTEGER
       )`,
    );
    this.sql.exec(
      "CREATE TABLE IF NOT EXISTS held (id TEXT NOT NULL, global_only INTEGER NOT NULL, PRIMARY KEY (id, global_only))",
    );
  }

  /**
   * Holds `events` unless the wallet has moved under `change` ("previous>current"). The first
   * hold of a change (and one whose barrier is overdue) asks the caller to send the barrier.
   */
  async hold(change: string, events: HeldEvent[]): Promise<HoldVerdict> {
    const row = this.current();
    if (row?.change === change && row.moved) return { go: true };
    if (row?.change !== change)
      // A new change; events still held from an earlier one wait for this barrier too.
      this.sql.exec(
        "INSERT OR REPLACE INTO move (one, change, moved, barrier_sent_at) VALUES (1, ?, 0, NULL)",
        change,
      );
    for (const e of events)
      this.sql.exec("INSERT OR IGNORE INTO held VALUES (?, ?)", e.id, e.globalOnly ? 1 : 0);
    const sentAt = row?.change === change ? row.barrier_sent_at : null;
    return { go: false, sendBarrier: sentAt === null || Date.now() - sentAt > BARRIER_RESEND_MS };
  }

  /** The barrier of `change` is on its way. */
  async barrierSent(change: string): Promise<void> {
    this.sql.exec("UPDATE move SET barrier_sent_at = ? WHERE change = ?", Date.now(), change);
  }

  /** Every event held now (the barrier came through, or its hand-off is being retried). */
  async heldEvents(): Promise<HeldEvent[]> {
    return this.sql
      .exec<{ id: string; global_only: number }>("SELECT id, global_only FROM held ORDER BY id")
      .toArray()
      .map((r) => ({ id: r.id, globalOnly: r.global_only === 1 }));
  }

  /**
   * Forgets `events`, handed off. When none are left, the wallet has moved under `change` and
   * nothing more is held; otherwise the events held meanwhile are returned, to hand off next.
   */
  async released(change: string, events: HeldEvent[]): Promise<HeldEvent[]> {
    for (const e of events)
      this.sql.exec(
        "DELETE FROM held WHERE id = ? AND global_only = ?",
        e.id,
        e.globalOnly ? 1 : 0,
      );
    const left = await this.heldEvents();
    // A barrier of an earlier change moves nothing: the current change has its own.
    if (left.length === 0 && this.current()?.change === change)
      this.sql.exec(
        "INSERT OR REPLACE INTO move (one, change, moved, barrier_sent_at) VALUES (1, ?, 1, NULL)",
        change,
      );
    return left;
  }

  /** The change this wallet last met, whether it has moved under it, and how many events wait. */
  async state(): Promise<{ change: string | null; moved: boolean; held: number }> {
    const row = this.current();
    const held = this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM held").one().n;
    return { change: row?.change ?? null, moved: row?.moved === 1, held };
  }

  private current() {
    return this.sql
      .exec<{ change: string; moved: number; barrier_sent_at: number | null }>(
        "SELECT change, moved, barrier_sent_at FROM move",
      )
      .toArray()[0];
  }
}
