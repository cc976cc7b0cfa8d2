import type { Format } from "../formats";
import type { QueuedEvent } from "./queued-event";

/** An event as the read API and the live stream show it: never the notify target's bearer token. */
export interface EventView {
  id: string;
  walletId: string;
  type: string;
  data: Record<string, unknown>;
  channels: string[];
  subject: string | null;
  expiresAt: string | null;
  notify: { url: string; format: Format } | null;
  createdAt: string;
}

/** The public view of a stored event. */
export function eventView(event: QueuedEvent): EventView {
  return {
    id: event.id,
    walletId: event.walletId,
    type: event.type,
    data: event.data,
    channels: event.channels,
    subject: event.subject,
    expiresAt: event.expiresAt,
    notify: event.notify ? { url: event.notify.url, format: event.notify.format } : null,
    createdAt: event.createdAt,
  };
}
