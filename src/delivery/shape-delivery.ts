import { EVENT_LINK_TTL_MS, mintEventToken } from "../domain/crypto/event-link-token";
import type { PayloadMode } from "../domain/delivery-options";
import type { QueuedEvent } from "../domain/event-contract/queued-event";
import { type BuiltDelivery, buildDelivery, type DeliveryTarget } from "../domain/formats";
import { buildThin } from "../domain/formats/thin";
import { pointerSegments, redactPaths } from "../domain/json-pointer";

/** What shaping needs from the webhook's settings. */
export interface ShapeSettings {
  payload: PayloadMode;
  redact: string[];
  origin: string | null;
}

/** A token for this event's href, valid for an hour from `nowMs`. */
export function eventLinkToken(
  encryptionKey: string,
  walletId: string,
  eventId: string,
  nowMs: number,
): Promise<string> {
  return mintEventToken(
    encryptionKey,
    walletId,
    eventId,
    Math.floor((nowMs + EVENT_LINK_TTL_MS) / 1000),
  );
}

/**
 * The request body a webhook gets for an event, built once when the object takes the event:
 * thin (where to read it, never its data), or full with the `redact` pointers' values replaced
 * in this copy only; the stored event is never touched.
 */
export async function shapeDelivery(
  event: QueuedEvent,
  target: DeliveryTarget,
  settings: ShapeSettings,
  encryptionKey: string,
  nowMs: number,
): Promise<BuiltDelivery> {
  if (settings.payload === "thin") {
    // Format validation keeps thin to the standard format; the token is renewed per attempt.
    const token = await eventLinkToken(encryptionKey, event.walletId, event.id, nowMs);
    const href = `${settings.origin ?? ""}/v1/events/${encodeURIComponent(event.id)}?token=${token}`;
    return buildThin(event, target, href);
  }
  if (!settings.redact.length) return buildDelivery(event, target);
  // Pointers were checked at create time to be below /data: drop that first segment.
  const paths = settings.redact.flatMap((p) => {
    const segments = pointerSegments(p);
    return segments && segments[0] === "data" ? [segments.slice(1)] : [];
  });
  return buildDelivery({ ...event, data: redactPaths(event.data, paths) }, target);
}
