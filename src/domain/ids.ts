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

/** The default wallet Identus creates at first start. */
export const DEFAULT_WALLET_ID = "00000000-0000-0000-0000-000000000000";
