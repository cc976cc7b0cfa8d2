/** One Server-Sent Event as a client parses it. */
export interface SseEvent {
  id: string;
  event: string;
  data: any;
}

/**
 * Reads an SSE response body in the background, parsing frames as EventSource does (events
 * and comment lines). `close()` cancels the body, as a client that goes away.
 */
export function readSse(response: Response) {
  if (!response.body) throw new Error(`no stream: ${response.status}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  const comments: string[] = [];
  let buffer = "";
  let ended = false;

  const parse = (block: string) => {
    const fields: Record<string, string> = {};
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) comments.push(line.slice(1).trim());
      else if (line.includes(":"))
        fields[line.slice(0, line.indexOf(":"))] = line.slice(line.indexOf(":") + 1).trimStart();
    }
    if (fields.data !== undefined)
      events.push({
        id: fields.id ?? "",
        event: fields.event ?? "message",
        data: JSON.parse(fields.data),
      });
  };

  const pumped = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
          parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // Cancelled by close().
    } finally {
      ended = true;
    }
  })();

  async function until(check: () => boolean, what: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline)
        throw new Error(
          `timed out waiting for ${what}; got ${events.length} events: ${events.map((e) => e.id).join(",")}`,
        );
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  return {
    events,
    comments,
    get ended() {
      return ended;
    },
    /** Waits until at least `count` events arrived, then returns them all. */
    async waitFor(count: number, timeoutMs = 15_000): Promise<SseEvent[]> {
      await until(() => events.length >= count, `${count} events`, timeoutMs);
      return events;
    },
    /** Waits until a comment with this text arrived. */
    async waitForComment(text: string, timeoutMs = 15_000): Promise<void> {
      await until(() => comments.includes(text), `comment "${text}"`, timeoutMs);
    },
    /** Cancels the stream, as a client that disconnects. */
    async close(): Promise<void> {
      await reader.cancel().catch(() => undefined);
      await pumped;
    },
  };
}
