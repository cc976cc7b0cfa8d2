import { fnv1a } from "./fnv1a";

// Monotonic within an isolate: ids made in the same millisecond count up in the 12-bit
// rand_a field (RFC 9562, method 1), so sorting by id is creation order.
let lastMs = 0;
let counter = 0;

/** A UUIDv7: random, but ordered by creation time, so lists can page by id alone. */
export function uuidv7(now = Date.now()): string {
  let ms = now;
  if (ms <= lastMs) {
    ms = lastMs;
    counter++;
    if (counter > 0xfff) {
      ms = ++lastMs;
      counter = 0;
    }
  } else {
    counter = 0;
  }
  lastMs = ms;
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toHex();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A delivery's id: a UUIDv7 whose last 32 bits name the webhook object that holds it (a hash
 * of the webhook's id), so a retry can ask that object before D1's mirror, which lags, knows
 * the delivery. A hash, not the id: it narrows the wallet's webhooks to (almost always) one.
 */
export function deliveryIdFor(webhookId: string, now = Date.now()): string {
  return uuidv7(now).slice(0, -8) + objectTag(webhookId);
}

/** Whether a delivery id carries this webhook's tag (ids made before the tag never match on purpose). */
export function taggedFor(deliveryId: string, webhookId: string): boolean {
  return deliveryId.slice(-8).toLowerCase() === objectTag(webhookId);
}

// FNV-1a as 8 hex digits: cheap and synchronous; a match is checked by the object.
function objectTag(webhookId: string): string {
  return fnv1a(webhookId).toString(16).padStart(8, "0");
}

/** The default wallet Identus creates at first start. */
export const DEFAULT_WALLET_ID = "00000000-0000-0000-0000-000000000000";
