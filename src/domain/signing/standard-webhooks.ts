/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com):
 * `v1,<base64 HMAC-SHA256 of "{msgId}.{timestamp}.{body}">`, keyed with the
 * bytes that the secret's base64 (after `whsec_`) decodes to.
 */

const SECRET_PREFIX = "whsec_";
const SECRET_BYTES = 32;
// Signing runs on every attempt; importing a key costs more than the HMAC itself.
// Bounded so a process serving many webhooks cannot grow it without limit.
const KEY_CACHE_LIMIT = 256;
const keyCache = new Map<string, Promise<CryptoKey>>();
const encoder = new TextEncoder();

/** A new signing secret: "whsec_" + base64 of 32 random bytes. */
export function generateSecret(): string {
  return SECRET_PREFIX + crypto.getRandomValues(new Uint8Array(SECRET_BYTES)).toBase64();
}

/** The webhook-signature header value: "v1,<sig>" per secret, space-separated (current secret first, then old ones still in their grace period). */
export async function signStandard(
  secrets: readonly string[],
  msgId: string,
  timestampSec: number,
  body: string,
): Promise<string> {
  if (secrets.length === 0) throw new RangeError("signStandard needs at least one secret");
  // A fractional or huge timestamp would be signed as text no receiver reproduces.
  if (!Number.isSafeInteger(timestampSec)) throw new RangeError("timestampSec must be an integer");
  const message = encoder.encode(`${msgId}.${timestampSec}.${body}`);
  const signatures = await Promise.all(
    secrets.map(async (secret) => {
      const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), message);
      return `v1,${new Uint8Array(mac).toBase64()}`;
    }),
  );
  return signatures.join(" ");
}

function hmacKey(secret: string): Promise<CryptoKey> {
  const cached = keyCache.get(secret);
  if (cached) {
    // Re-insert so the map's insertion order doubles as least-recently-used order.
    keyCache.delete(secret);
    keyCache.set(secret, cached);
    return cached;
  }
  const imported = crypto.subtle.importKey(
    "raw",
    secretBytes(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  // A rejected import must not stay cached, or every later attempt fails the same way.
  imported.catch(() => {
    if (keyCache.get(secret) === imported) keyCache.delete(secret);
  });
  keyCache.set(secret, imported);
  if (keyCache.size > KEY_CACHE_LIMIT) {
    const oldest = keyCache.keys().next().value;
    if (oldest !== undefined) keyCache.delete(oldest);
  }
  return imported;
}

function secretBytes(secret: string): Uint8Array {
  // Like the reference libraries, a secret without the prefix is taken as bare base64.
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const bytes = Uint8Array.fromBase64(encoded);
  if (bytes.length === 0) throw new RangeError("signing secret is empty");
  return bytes;
}
