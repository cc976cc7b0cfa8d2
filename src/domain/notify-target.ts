import { fromBase64, sha256Hex, toBase64 } from "./crypto/encoding";
import type { KeyRing } from "./crypto/secret-box";

/** Object names of one-off notify targets start with this; webhook ids never do. */
export const NOTIFY_OBJECT_PREFIX = "notify_";

/** The object name of a one-off target: one object per (wallet, URL), so events to it stay in order. */
export async function notifyObjectName(walletId: string, url: string): Promise<string> {
  return `${NOTIFY_OBJECT_PREFIX}${(await sha256Hex(`${walletId}\n${url}`)).slice(0, 32)}`;
}

/**
 * The signing secret of a one-off `notify` target (named by notifyObjectName). Such a target
 * has no row and no stored secret, so its key is derived: HMAC-SHA256 over a label and the
 * name, keyed with a subkey that HKDF derives from the current encryption key for this use
 * alone (so it reveals nothing of that key and shares nothing with its AES use). The same
 * (wallet, URL) always gets the same secret, which POST /v1/notify-targets/secret hands out;
 * it changes when the first of ENCRYPTION_KEYS does.
 */
export async function notifySecret(ring: KeyRing, name: string): Promise<string> {
  const master = await crypto.subtle.importKey("raw", fromBase64(ring.keys[0]!), "HKDF", false, [
    "deriveKey",
  ]);
  const key = await crypto.subtle.deriveKey(
    {
      name: "HKDF",
      hash: "SHA-256",
      salt: new Uint8Array(),
      info: new TextEncoder().encode("herald notify-target signing key v2"),
    },
    master,
    { name: "HMAC", hash: "SHA-256", length: 256 },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign(
    "HMAC",
    key,
    new TextEncoder().encode(`herald notify-target signing secret v2\n${name}`),
  );
  return `whsec_${toBase64(new Uint8Array(mac))}`;
}
