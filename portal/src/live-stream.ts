// Reads GET /v1/events/stream with fetch rather than EventSource: Herald names each SSE event
// after its type (`event: openid.credential.offer_sent`), and EventSource hands named events
// only to listeners registered for that exact name, so a view of every type cannot use it.
// The cookie goes with the same-origin fetch; on a dropped connection it reconnects with
// Last-Event-ID, and Herald replays what was missed, nothing doubled.

/** One event off the stream. */
export interface StreamEvent {
  id: string;
  type: string;
  data: string;
}

export type LiveState = "connecting" | "live" | "reconnecting" | "ended";

/** Follows the stream until the signal aborts; returns when aborted or signed out. */
export async function followStream(
  url: string,
  onEvent: (event: StreamEvent) => void,
  onState: (state: LiveState) => void,
  signal: AbortSignal,
): Promise<void> {
  let lastId: string | null = null;
  while (!signal.aborted) {
    onState(lastId ? "reconnecting" : "connecting");
    try {
      const res = await fetch(url, {
        headers: lastId
          ? { "last-event-id": lastId, accept: "text/event-stream" }
          : { accept: "text/event-stream" },
        credentials: "same-origin",
        signal,
      });
      if (res.status === 401 || res.status === 403) {
        onState("ended");
        return;
      }
      if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}`);
      onState("live");
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      let id = "";
      let type = "message";
      let data: string[] = [];
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let nl = buffer.indexOf("\n");
        while (nl >= 0) {
          const line = buffer.slice(0, nl).replace(/\r$/, "");
          buffer = buffer.slice(nl + 1);
          if (line === "") {
            if (data.length) {
              if (id) lastId = id;
              onEvent({ id, type, data: data.join("\n") });
            }
            id = "";
            type = "message";
            data = [];
          } else if (!line.startsWith(":")) {
            const colon = line.indexOf(":");
            const field = colon < 0 ? line : line.slice(0, colon);
            const text = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
            if (field === "id") id = text;
            else if (field === "event") type = text;
            else if (field === "data") data.push(text);
          }
          nl = buffer.indexOf("\n");
        }
      }
    } catch {
      if (signal.aborted) return;
    }
    if (signal.aborted) return;
    onState("reconnecting");
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
