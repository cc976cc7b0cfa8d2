import type { HeraldEvent } from "./events.js";

// Standard Webhooks v1 (https://www.standardwebhooks.com) with WebCrypto only, so the same code
// verifies in Node >= 22, browsers and Workers. Each failure has its own reason, so a receiver's
// logs say why a request was refused.

const TOLERANCE_SECONDS = 5 * 60;
const SECRET_PREFIX = "whsec_";
const encoder = new TextEncoder();

/** Why a request failed verification. */
export type WebhookVerificationReason =
  | "missing_headers"
  | "invalid_secret"
  | "invalid_timestamp"
  | "timestamp_too_old"
  | "timestamp_too_new"
  | "invalid_signature"
  | "invalid_body";

/** Thrown by verifyWebhook; `reason` says which check failed. */
export class WebhookVerificationError extends Error {
  override readonly name = "WebhookVerificationError";
  readonly reason: WebhookVerificationReason;

  constructor(reason: WebhookVerificationReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

/** Request headers as fetch (`Headers`) or Node's http module (a lower-cased record) hands them over. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export interface VerifyOptions {
  /** How far `webhook-timestamp` may be from now, in seconds (default 300). */
  toleranceSeconds?: number;
  /** The current time in ms (default `Date.now()`). */
  now?: number;
}

/**
 * Checks a delivery's Standard Webhooks signature against the webhook's secret (`whsec_...`),
 * refuses timestamps more than five minutes away, and returns the parsed body. Pass the body
 * exactly as received (bytes or text): re-serialised JSON does not verify.
 */
export async function verifyWebhook<Event = HeraldEvent>(
  secret: string,
  body: string | Uint8Array | ArrayBuffer,
  headers: WebhookHeaders,
  options: VerifyOptions = {},
): Promise<Event> {
  const id = header(headers, "webhook-id");
  const timestamp = header(headers, "webhook-timestamp");
  const signature = header(headers, "webhook-signature");
  if (!id || !timestamp || !signature) {
    throw new WebhookVerificationError(
      "missing_headers",
      "webhook-id, webhook-timestamp and webhook-signature are all required",
    );
  }
  checkTimestamp(timestamp, options);
  const bytes = typeof body === "string" ? encoder.encode(body) : new Uint8Array(body);
  const key = await hmacKey(secret);
  const signed = concat(encoder.encode(`${id}.${timestamp}.`), bytes);
  if (!(await anySignatureMatches(key, signed, signature))) {
    throw new WebhookVerificationError(
      "invalid_signature",
      "no v1 signature matches this secret and body",
    );
  }
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as Event;
  } catch {
    throw new WebhookVerificationError("invalid_body", "the signed body is not JSON");
  }
}

function header(headers: WebhookHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") {
    return (headers as Headers).get(name) ?? undefined;
  }
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value.join(" ") : value;
}

function checkTimestamp(timestamp: string, options: VerifyOptions): void {
  if (!/^\d{1,12}$/.test(timestamp)) {
    throw new WebhookVerificationError(
      "invalid_timestamp",
      "webhook-timestamp is not unix seconds",
    );
  }
  const tolerance = options.toleranceSeconds ?? TOLERANCE_SECONDS;
  const nowSeconds = Math.floor((options.now ?? Date.now()) / 1000);
  const age = nowSeconds - Number(timestamp);
  if (age > tolerance) {
    throw new WebhookVerificationError(
      "timestamp_too_old",
      `webhook-timestamp is ${age} s old (tolerance ${tolerance} s)`,
    );
  }
  if (-age > tolerance) {
    throw new WebhookVerificationError(
      "timestamp_too_new",
      `webhook-timestamp is ${-age} s in the future (tolerance ${tolerance} s)`,
    );
  }
}

async function hmacKey(secret: string): Promise<CryptoKey> {
  // Like the reference libraries, a secret without the prefix is taken as bare base64.
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const bytes = fromBase64(encoded);
  if (!bytes || bytes.length === 0) {
    throw new WebhookVerificationError("invalid_secret", "the secret is not whsec_ + base64");
  }
  return crypto.subtle.importKey("raw", bytes, { name: "HMAC", hash: "SHA-256" }, false, [
    "verify",
  ]);
}

async function anySignatureMatches(
  key: CryptoKey,
  signed: Uint8Array<ArrayBuffer>,
  header: string,
): Promise<boolean> {
  // "v1,<sig> v1,<sig>" during a rotation; other schemes (v1a: Ed25519) are not ours to check.
  for (const entry of header.split(" ")) {
    const [version, encoded] = entry.split(",", 2);
    if (version !== "v1" || !encoded) continue;
    const mac = fromBase64(encoded);
    // crypto.subtle.verify compares in constant time.
    if (mac && (await crypto.subtle.verify("HMAC", key, mac, signed))) return true;
  }
  return false;
}

function fromBase64(encoded: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    return Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
