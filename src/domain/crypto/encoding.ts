// Thin names over the runtime's own Uint8Array base64 and hex (TC39 "Uint8Array to/from base64"),
// so call sites read the same everywhere and the alphabet choice is made once.

/** Base64 of bytes (standard alphabet, padded). */
export function toBase64(bytes: Uint8Array): string {
  return bytes.toBase64();
}

/** Bytes of a base64 string (standard alphabet); throws a SyntaxError when it is not base64. */
export function fromBase64(b64: string): Uint8Array {
  return Uint8Array.fromBase64(b64);
}

/** SHA-256 of a string, lower-case hex. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return new Uint8Array(digest).toHex();
}

/** A URL-safe random token of `bytes` random bytes (base64url, unpadded). */
export function randomToken(bytes: number): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return raw.toBase64({ alphabet: "base64url", omitPadding: true });
}
