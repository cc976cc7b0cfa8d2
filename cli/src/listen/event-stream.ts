import type { Context } from "../context.ts";
import { requireKey } from "../context.ts";
import { describeError } from "../errors.ts";
import { problemError, unreachable } from "../http.ts";
import type { StreamedEvent } from "./forward.ts";
import { readSse } from "./sse.ts";

// Herald sends a keep-alive comment every 15 s: three missed ones mean the connection is dead.
const IDLE_MS = 45_000;
const MAX_BACKOFF_MS = 10_000;

/** One event of the stream with its log position (the SSE id, what Last-Event-ID resumes after). */
export interface Positioned {
  position: number;
  event: StreamedEvent;
}

interface Options {
  type: string | null;
  signal: AbortSignal;
  /** Called when the connection drops and when it is back. */
  onNotice: (line: string) => void;
  /** Called once, when the first connection is open. */
  onOpen: () => void;
}

/**
 * The wallet's live events, in log order, across dropped connections: each reconnection sends
 * Last-Event-ID, so Herald replays from the log exactly what followed the last event yielded
 * (nothing lost, nothing twice). Failing to connect the first time throws; later drops retry.
 */
export async function* liveEvents(ctx: Context, options: Options): AsyncGenerator<Positioned> {
  let last: number | null = null;
  let opened = false;
  let backoff = 500;
  while (!options.signal.aborted) {
    const connection = new AbortController();
    const abortConnection = () => connection.abort();
    options.signal.addEventListener("abort", abortConnection);
    let idle = setTimeout(abortConnection, IDLE_MS);
    let reason = "the stream ended";
    try {
      const query = options.type ? `?type=${encodeURIComponent(options.type)}` : "";
      const headers: Record<string, string> = {
        authorization: `Bearer ${requireKey(ctx)}`,
        accept: "text/event-stream",
      };
      if (last !== null) headers["last-event-id"] = String(last);
      let res: Response;
      try {
        res = await fetch(`${ctx.url}/v1/events/stream${query}`, {
          headers,
          signal: connection.signal,
        });
      } catch (err) {
        if (!opened && !options.signal.aborted) throw unreachable(ctx, err);
        throw err;
      }
      if (!res.ok || !res.body) {
        // A refused key or a bad filter will not fix itself: stop, whether or not we had connected.
        if (!opened || res.status === 401 || res.status === 400)
          throw await problemError(res, "opening the live stream");
        throw new Error(`HTTP ${res.status}`);
      }
      if (!opened) options.onOpen();
      else options.onNotice(`reconnected; resuming after event ${last ?? "(none yet)"}`);
      opened = true;
      backoff = 500;
      const watched = res.body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            clearTimeout(idle);
            idle = setTimeout(abortConnection, IDLE_MS);
            controller.enqueue(chunk);
          },
        }),
      );
      for await (const message of readSse(watched)) {
        const position = Number(message.id);
        // Herald never repeats a position; this guard keeps a repeat from reaching the receiver anyway.
        if (!Number.isSafeInteger(position) || (last !== null && position <= last)) continue;
        yield { position, event: JSON.parse(message.data) as StreamedEvent };
        last = position;
      }
    } catch (err) {
      if (err instanceof Error && err.name === "CliError") throw err;
      reason = connection.signal.aborted ? "no data for 45 s" : describeError(err);
    } finally {
      clearTimeout(idle);
      options.signal.removeEventListener("abort", abortConnection);
    }
    if (options.signal.aborted) return;
    options.onNotice(`stream dropped (${reason}); reconnecting in ${backoff} ms`);
    await sleep(backoff, options.signal);
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
