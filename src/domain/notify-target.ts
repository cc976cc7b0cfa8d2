import { sha256Hex, toBase64 } from "./crypto/encoding";

/** Object names of one-off notify targets start with this; webhook ids never do. */
export const NOTIFY_OBJECT_PREFIX = "notify_";

/** The object name of a one-off target: one object per (wallet, URL), so events to it stay in order. */
export async function notifyObjectName(walletId: string, url: string): Promise<string> {
  return `${NOTIFY_OBJECT_PREFIX}${(await sha256Hex(`${walletId}\n${url}`)).slice(0, 32)}`;
}

/**
 * The signing secret of a one-off `notify` target (named by notifyObjectName). Such a target
 * has no row and no stored secret, so its key is derived: HMAC-SHA256 keyed with the
 * encryption key over a label and the name, which reveals nothing of that key and keeps this
 * use of it apart from its others. The same (wallet, URL) always gets the same secret, which
 * POST /v1/notify-targets/secret hands out; it changes only if ENCRYPTION_KEY does.
 */
export async function notifySecret(encryptionKey: string, name: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(encryptionKey),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign(
    "HMAC",
    key,
    new TextEncoder().encode(`herald notify-target signing secret v1\n${name}`),
  );
  return `whsec_${toBase64(new Uint8Array(mac))}`;
}
