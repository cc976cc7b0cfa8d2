import type { EventView } from "../domain/event-contract/event-view";

/** One event on a wallet's stream: its position in the log (the SSE id) and its public view. */
export interface StreamEvent {
  position: number;
  event: EventView;
}

/** How long a client waits before reconnecting, told once per connection. */
export const RECONNECT_MS = 3000;

/** An SSE event frame: `id` is the log position, so Last-Event-ID resumes from the log. JSON holds no raw newline, so one data line suffices. */
export function eventFrame({ position, event }: StreamEvent): string {
  return `id: ${position}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** An SSE comment line: ignored by clients, it keeps proxies from closing an idle connection. */
export function commentFrame(text: string): string {
  return `: ${text}\n\n`;
}

/** The first bytes of every stream: the reconnection delay, and a comment so headers flush at once. */
export function openingFrame(): string {
  return `retry: ${RECONNECT_MS}\n: connected\n\n`;
}
