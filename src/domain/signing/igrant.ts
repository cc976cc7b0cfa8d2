/**
 * iGrant.io's `X-iGrant-Signature: t=<ISO timestamp>,sig=<hex HMAC-SHA256 of "{t}.{body}">`,
 * keyed with the secret string's UTF-8 bytes (not base64-decoded), as in iGrant's Go example.
 */

const DEFAULT_TOLERANCE_SEC = 300;
const encoder = new TextEncoder();
// iGrant documents UTC ("2025-04-10T07:19:10Z"); fractional seconds and offsets are
// accepted on input so a sender using another ISO 8601 spelling is not refused.
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/** An iGrant timestamp: ISO 8601 UTC without milliseconds, e.g. "2025-04-10T07:19:10Z". */
export function igrantTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** X-iGrant-Signature value "t=<timestampIso>,sig=<hex HMAC-SHA256 of `${t}.${body}` keyed with the secret string's UTF-8 bytes>". */
export async function signIgrant(
  secret: string,
  timestampIso: string,
  body: string,
): Promise<string> {
  const key = await hmacKey(secret, "sign");
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(`${timestampIso}.${body}`));
  return `t=${timestampIso},sig=${new Uint8Array(mac).toHex()}`;
}

/** Verifies an incoming X-iGrant-Signature (constant-time compare); false when malformed, wrong, or t is more than toleranceSec away from nowMs. */
export async function verifyIgrant(
  header: string | null,
  body: string,
  secret: string,
  nowMs: number,
  toleranceSec: number = DEFAULT_TOLERANCE_SEC,
): Promise<boolean> {
  const parsed = parseHeader(header);
  if (!parsed || secret.length === 0) return false;
  const signedAtMs = Date.parse(parsed.t);
  if (Number.isNaN(signedAtMs) || Math.abs(nowMs - signedAtMs) > toleranceSec * 1000) return false;
  const key = await hmacKey(secret, "verify");
  const message = encoder.encode(`${parsed.t}.${body}`);
  // subtle.verify compares in constant time, so no hand-written loop is needed.
  for (const sig of parsed.sigs) {
    if (await crypto.subtle.verify("HMAC", key, Uint8Array.fromHex(sig), message)) return true;
  }
  return false;
}

function parseHeader(header: string | null): { t: string; sigs: string[] } | null {
  if (!header) return null;
  let t: string | undefined;
  const sigs: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) return null;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name === "t" && t === undefined && ISO_TIMESTAMP.test(value)) t = value;
    // Several sig= entries let a sender sign with an old and a new secret during rotation.
    else if (name === "sig" && HEX_SHA256.test(value)) sigs.push(value);
    else return null;
  }
  return t !== undefined && sigs.length > 0 ? { t, sigs } : null;
}

function hmacKey(secret: string, usage: "sign" | "verify"): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    [usage],
  );
}
