import { toBase64 } from "../crypto/encoding";

/**
 * Standard Webhooks' asymmetric scheme: `v1a,<base64 Ed25519 signature of
 * "{msgId}.{timestamp}.{body}">`, one entry per key, space-separated (current key first,
 * then a rotated-out key still in its 24 h overlap), the same content v1 signs.
 */
export async function signV1a(
  keys: readonly CryptoKey[],
  msgId: string,
  timestampSec: number,
  body: string,
): Promise<string> {
  if (keys.length === 0) throw new RangeError("signV1a needs at least one key");
  if (!Number.isSafeInteger(timestampSec)) throw new RangeError("timestampSec must be an integer");
  const content = new TextEncoder().encode(`${msgId}.${timestampSec}.${body}`);
  const signatures = await Promise.all(
    keys.map(async (key) => {
      const signature = await crypto.subtle.sign({ name: "Ed25519" }, key, content);
      return `v1a,${toBase64(new Uint8Array(signature))}`;
    }),
  );
  return signatures.join(" ");
}
