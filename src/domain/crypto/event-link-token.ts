import { fromBase64Url, toBase64Url } from "./base64url";
import { fromBase64 } from "./encoding";

/**
 * The `?token=` of a thin payload's href: `<walletId>.<expiry unix s>.<base64url HMAC-SHA256
 * over [walletId, eventId, expiry]>`. Its key is derived from ENCRYPTION_KEY with HKDF under a
 * label of its own, so it reveals nothing of that key and serves no other purpose.
 */

/** How long a minted token reads its event. */
export const EVENT_LINK_TTL_MS = 60 * 60 * 1000;

const LABEL = "herald event-link token v1";
const keys = new Map<string, Promise<CryptoKey>>();

function linkKey(encryptionKey: string): Promise<CryptoKey> {
  let key = keys.get(encryptionKey);
  if (!key) {
    key = (async () => {
      const base = await crypto.subtle.importKey("raw", fromBase64(encryptionKey), "HKDF", false, [
        "deriveKey",
      ]);
      return crypto.subtle.deriveKey(
        {
          name: "HKDF",
          hash: "SHA-256",
          salt: new Uint8Array(0),
          info: new TextEncoder().encode(LABEL),
        },
        base,
        { name: "HMAC", hash: "SHA-256", length: 256 },
        false,
        ["sign", "verify"],
      );
    })();
    keys.set(encryptionKey, key);
  }
  return key;
}

// JSON of the parts: no separator inside an id can make two different triples sign alike.
const signedContent = (walletId: string, eventId: string, expiresSec: number) =>
  new TextEncoder().encode(JSON.stringify([walletId, eventId, expiresSec]));

/** A token that reads this wallet's event until `expiresSec` (unix seconds). */
export async function mintEventToken(
  encryptionKey: string,
  walletId: string,
  eventId: string,
  expiresSec: number,
): Promise<string> {
  const mac = await crypto.subtle.sign(
    "HMAC",
    await linkKey(encryptionKey),
    signedContent(walletId, eventId, expiresSec),
  );
  return `${walletId}.${expiresSec}.${toBase64Url(new Uint8Array(mac))}`;
}

/** The wallet a token grants this event of, or null when it is malformed, forged, for another event, or expired. */
export async function verifyEventToken(
  encryptionKey: string,
  token: string,
  eventId: string,
  nowMs: number,
): Promise<string | null> {
  const match = /^(.+)\.([0-9]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const [, walletId, expires, mac] = match as unknown as [string, string, string, string];
  const expiresSec = Number(expires);
  if (expiresSec * 1000 <= nowMs) return null;
  // verify() compares in constant time.
  const valid = await crypto.subtle.verify(
    "HMAC",
    await linkKey(encryptionKey),
    fromBase64Url(mac),
    signedContent(walletId, eventId, expiresSec),
  );
  return valid ? walletId : null;
}
