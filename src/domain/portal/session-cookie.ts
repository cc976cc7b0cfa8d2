/**
 * The portal's session cookie: `v1.<session id>.<expiry, unix seconds>.<read-only 0|1>.<mac>`,
 * where mac is the base64url HMAC-SHA256 of everything before it. The signing key is derived
 * from the current encryption key (the first of ENCRYPTION_KEYS, else ENCRYPTION_KEY) with a
 * label (see sessionKey), so there is no new secret to manage and this use of that key stays
 * apart from its others; rotating the encryption key ends every session. The signature lets a forged or edited
 * cookie be refused before any lookup; the session row (repositories/portal-sessions) is what
 * sign-out ends.
 */

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

/** base64url without padding. */
function base64url(bytes: ArrayBuffer): string {
  let s = "";
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s).replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  const s = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

async function deriveKey(encryptionKey: string): Promise<CryptoKey> {
  const master = await crypto.subtle.importKey(
    "raw",
    encoder.encode(encryptionKey),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const raw = await crypto.subtle.sign("HMAC", master, encoder.encode("herald portal session v1"));
  return crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify",
  ]);
}

/** The HMAC key that signs session cookies, derived from the current encryption key (memoised). */
export function sessionKey(encryptionKey: string): Promise<CryptoKey> {
  let key = keys.get(encryptionKey);
  if (!key) {
    key = deriveKey(encryptionKey);
    keys.set(encryptionKey, key);
  }
  return key;
}

/** What a valid cookie says. */
export interface SessionClaims {
  sessionId: string;
  expiresAt: number;
  readOnly: boolean;
}

/** The signed cookie value for a session. */
export async function signSession(key: CryptoKey, claims: SessionClaims): Promise<string> {
  const body = `v1.${claims.sessionId}.${Math.floor(claims.expiresAt / 1000)}.${claims.readOnly ? 1 : 0}`;
  return `${body}.${base64url(await crypto.subtle.sign("HMAC", key, encoder.encode(body)))}`;
}

/** The claims of a cookie value whose signature holds and which has not expired; else null. */
export async function verifySession(
  key: CryptoKey,
  value: string,
  now: number,
): Promise<SessionClaims | null> {
  const match = /^(v1\.([A-Za-z0-9_-]{16,64})\.(\d{1,12})\.([01]))\.([A-Za-z0-9_-]{43})$/.exec(
    value,
  );
  if (!match) return null;
  const mac = fromBase64url(match[5]!);
  if (!mac || !(await crypto.subtle.verify("HMAC", key, mac, encoder.encode(match[1]!))))
    return null;
  const expiresAt = Number(match[3]) * 1000;
  if (expiresAt <= now) return null;
  return { sessionId: match[2]!, expiresAt, readOnly: match[4] === "1" };
}

/** The per-session CSRF token the portal sends back in X-CSRF-Token: an HMAC of the session id. */
export async function csrfToken(key: CryptoKey, sessionId: string): Promise<string> {
  return base64url(await crypto.subtle.sign("HMAC", key, encoder.encode(`csrf\n${sessionId}`)));
}
