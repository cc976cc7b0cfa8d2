import { matchesEventType } from "../domain/event-type-pattern";
import { commentFrame, eventFrame, openingFrame, type StreamEvent } from "./sse";

const encoder = new TextEncoder();

// A live client this far behind is dropped rather than buffered without bound: it reconnects
// with Last-Event-ID and catches up from the log at its own pace.
const MAX_QUEUED_BYTES = 512 * 1024;
// Live events held while a resuming client's backlog is read; past this (or past the byte budget)
// it is dropped the same way.
const MAX_HELD_EVENTS = 5000;

/**
 * One open event stream: an SSE byte stream with its type filter and the last log position it
 * has passed. While its backlog is replayed from the log, live events are held, then flushed
 * skipping positions already sent: nothing missing, nothing doubled at the seam.
 */
export class Listener {
  readonly stream: ReadableStream<Uint8Array>;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private sentUpTo = 0;
  private held: StreamEvent[] | null = null;
  private heldBytes = 0;
  closed = false;

  /** `replayBudgetBytes`: the most live-event bytes held for this listener while its backlog is replayed. */
  constructor(
    readonly type: string | null,
    private readonly onClose: (listener: Listener) => void,
    private readonly replayBudgetBytes = Number.POSITIVE_INFINITY,
  ) {
    this.stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.controller = controller;
        },
        cancel: () => this.finish(),
      },
      { highWaterMark: MAX_QUEUED_BYTES, size: (chunk) => chunk.byteLength },
    );
  }

  /** Starts after position `from`; `replaying` holds live events until goLive(). */
  begin(from: number, replaying: boolean): void {
    this.sentUpTo = from;
    this.held = replaying ? [] : null;
    this.write(openingFrame(), true);
  }

  /** A live event: sent now, or held while the backlog is replayed. */
  offer(event: StreamEvent): void {
    if (this.closed) return;
    if (!this.held) {
      this.send(event, false);
      return;
    }
    this.held.push(event);
    this.heldBytes += encoder.encode(eventFrame(event)).byteLength;
    if (this.held.length > MAX_HELD_EVENTS || this.heldBytes > this.replayBudgetBytes) this.close();
  }

  /** An event of the backlog, read from the log. */
  replay(event: StreamEvent): void {
    this.send(event, true);
  }

  /** The backlog is done: flushes the held live events it did not already cover, then sends live. */
  goLive(): void {
    const held = this.held ?? [];
    this.held = null;
    this.heldBytes = 0;
    for (const event of held) this.send(event, false);
  }

  /** True while the client has not yet read what was written (the replay waits on it). */
  backlogged(): boolean {
    return !this.closed && (this.controller.desiredSize ?? 0) <= 0;
  }

  comment(text: string): void {
    this.write(commentFrame(text), false);
  }

  /** Ends the stream; the client reads what is queued, then reconnects with Last-Event-ID. */
  close(): void {
    if (this.closed) return;
    try {
      this.controller.close();
    } catch {
      // Already errored or cancelled.
    }
    this.finish();
  }

  private send(event: StreamEvent, backlog: boolean): void {
    if (event.position <= this.sentUpTo) return;
    this.sentUpTo = event.position;
    if (this.type === null || matchesEventType([this.type], event.event.type))
      this.write(eventFrame(event), backlog);
  }

  private write(text: string, force: boolean): void {
    if (this.closed) return;
    if (!force && (this.controller.desiredSize ?? 0) < 0) {
      this.close();
      return;
    }
    try {
      this.controller.enqueue(encoder.encode(text));
    } catch {
      this.finish();
    }
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.held = null;
    this.heldBytes = 0;
    this.onClose(this);
  }
}
