import { DurableObject } from "cloudflare:workers";
import { loadConfig } from "../config";
import { type Database, database } from "../db/client";
import { eventView } from "../domain/event-contract/event-view";
import { logger } from "../observability/logger";
import { countedEnv } from "../observability/usage-counters";
import { eventsAfter, lastPosition, type PositionedRow } from "../repositories/event-log";
import { queuedFromRow } from "../repositories/events";
import { walletScope } from "../repositories/scope";
import { limitsOf } from "../repositories/wallet-limits";
import { Listener } from "./listener";
import type { StreamEvent } from "./sse";

const KEEP_ALIVE_MS = 15_000;
const PAGE = 100;
// The ceiling of any wallet's streamListeners: each listener may queue up to 512 KiB for a slow
// client, plus its replay budget while it catches up; this keeps an object inside its memory.
const MAX_LISTENERS = 200;

/** How a client opens a stream: an optional type pattern, and the position to resume after. */
export interface OpenOptions {
  type: string | null;
  lastEventId: number | null;
}

const toStreamEvent = (row: PositionedRow): StreamEvent => ({
  position: row.position,
  event: eventView(queuedFromRow(row)),
});

/**
 * One per wallet (named by the wallet id): holds the wallet's open event streams and fans each
 * stored event out to all of them, in log order, with no D1 read per listener. The consumer
 * publishes what it stored; consumer batches run concurrently, so a batch can arrive before an
 * earlier-stored one: the object then reads the rows in between from the log first (one indexed
 * read per batch, not per listener). The log in D1 stays the truth: nothing here is durable.
 */
export class WalletStream extends DurableObject<Env> {
  private readonly db: Database;
  private readonly listeners = new Set<Listener>();
  // Every log position up to here has been offered to the live listeners; null while none listen.
  private head: number | null = null;
  private walletId = "";
  private queue: Promise<unknown> = Promise.resolve();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, countedEnv(env));
    this.db = database(this.env);
  }

  /** Opens an SSE stream of the wallet's events; null when the object holds as many as it may. */
  async open(walletId: string, options: OpenOptions): Promise<ReadableStream<Uint8Array> | null> {
    const config = loadConfig(this.env);
    // The wallet's streamListeners (its override, else LIMIT_STREAM_LISTENERS), read at each open.
    const { streamListeners } = await limitsOf(this.db, walletScope(walletId), config, walletId);
    if (this.listeners.size >= Math.min(streamListeners, MAX_LISTENERS)) return null;
    this.walletId = walletId;
    const listener = new Listener(
      options.type,
      (l) => this.drop(l),
      config.STREAM_REPLAY_BUDGET_BYTES,
    );
    // Registered before the backlog is read: live events from here on are held, not missed.
    await this.serially(async () => {
      this.head ??= await lastPosition(this.db, walletScope(walletId));
      listener.begin(options.lastEventId ?? this.head, options.lastEventId !== null);
      this.listeners.add(listener);
    });
    this.timer ??= setInterval(() => void this.heartbeat(), KEEP_ALIVE_MS);
    if (options.lastEventId !== null) void this.replay(listener, options.lastEventId);
    return listener.stream;
  }

  /** Offers newly stored events to the open streams, in log order; positions already offered are dropped. */
  async publish(walletId: string, events: StreamEvent[]): Promise<void> {
    this.walletId = walletId;
    await this.serially(() => this.advance(events));
  }

  /** Every 15 s while streams are open: catches up with the log (a lost publish costs one interval at most), then a keep-alive comment. */
  async heartbeat(): Promise<void> {
    try {
      await this.serially(() => this.advance([]));
    } catch (err) {
      logger.error("live stream catch-up failed", { walletId: this.walletId, error: String(err) });
    }
    for (const listener of this.listeners) listener.comment("keep-alive");
  }

  /** How many streams are open (for tests and operators). */
  listenerCount(): number {
    return this.listeners.size;
  }

  private async advance(pushed: StreamEvent[]): Promise<void> {
    if (this.head === null) return;
    const fresh = pushed
      .filter((e) => e.position > this.head!)
      .sort((a, b) => a.position - b.position);
    if (pushed.length && !fresh.length) return;
    const first = fresh[0]?.position ?? null;
    // Stored before these but not offered yet (a concurrent batch, or a lost publish): from the log, first.
    let gap = first === null || first > this.head + 1;
    while (gap && this.head !== null) {
      const rows = await eventsAfter(
        this.db,
        walletScope(this.walletId),
        this.head,
        PAGE,
        null,
        first,
      );
      for (const row of rows) this.emit(toStreamEvent(row));
      gap = rows.length === PAGE;
    }
    for (const e of fresh) this.emit(e);
  }

  private emit(event: StreamEvent): void {
    if (this.head === null || event.position <= this.head) return;
    this.head = event.position;
    for (const listener of this.listeners) listener.offer(event);
  }

  private async replay(listener: Listener, after: number): Promise<void> {
    try {
      for (;;) {
        const rows = await eventsAfter(
          this.db,
          walletScope(this.walletId),
          after,
          PAGE,
          listener.type,
        );
        for (const row of rows) {
          // One event at a time while the client is behind: its queue stays near 512 KiB,
          // however large the page's events are.
          while (listener.backlogged()) await new Promise((resolve) => setTimeout(resolve, 50));
          if (listener.closed) return;
          listener.replay(toStreamEvent(row));
        }
        if (listener.closed) return;
        if (rows.length < PAGE) break;
        after = rows.at(-1)!.position;
      }
      // No await between the last read and this: held events are exactly those the backlog may lack.
      listener.goLive();
    } catch (err) {
      logger.error("live stream replay failed", { walletId: this.walletId, error: String(err) });
      listener.close();
    }
  }

  private drop(listener: Listener): void {
    this.listeners.delete(listener);
    if (this.listeners.size) return;
    // Nobody listens: nothing is owed, and the next listener starts from the log's end.
    this.head = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
