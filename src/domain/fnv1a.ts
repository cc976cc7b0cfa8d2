/**
 * FNV-1a, 32 bits, over a string's UTF-16 code units: stable across isolates, releases and
 * runtimes, cheap and synchronous. Herald hashes wallet and webhook ids (UUIDs, ASCII), whose
 * code units are their UTF-8 bytes, so the value is the usual byte-wise FNV-1a of the id.
 */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
