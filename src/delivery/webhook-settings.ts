import { eq } from "drizzle-orm";
import { database } from "../db/client";
import { webhooks } from "../db/schema";
import { sha256Hex, toBase64 } from "../domain/crypto/encoding";
import { openOptional } from "../domain/crypto/secret-box";
import { type PayloadMode, payloadModeOf, signatureModeOf } from "../domain/delivery-options";
import { type Format, isFormat } from "../domain/formats";
import { RETRY_PRESETS, retrySchedule } from "../domain/retry-policy";
import type { QueuedEvent } from "../queue/messages";
import { decryptWebhook } from "../services/webhook-view";
import type { SigningSettings } from "./signed-request";

/** Everything a webhook object needs to deliver, decrypted. */
export interface WebhookSettings extends SigningSettings {
  webhookId: string;
  walletId: string | null;
  /** A one-off `notify` target has no row in D1: it cannot be disabled or managed. */
  oneOff: boolean;
  url: string;
  enabled: boolean;
  ordering: "fifo" | "unordered";
  maxInFlight: number;
  rateLimitPerSecond: number | null;
  timeoutMs: number;
  schedule: readonly number[];
  payload: PayloadMode;
  /** JSON Pointers (below /data) whose values full deliveries send as "[redacted]". */
  redact: string[];
  /** The origin of the request that created the webhook or last PATCHed it: the host of its key ids and thin hrefs; null for a webhook made from the environment and never PATCHed (HMAC and full payloads only, then). */
  origin: string | null;
}

/** A webhook's settings from D1, or null when it was deleted. */
export async function loadWebhookSettings(
  env: Env,
  encryptionKey: string,
  webhookId: string,
): Promise<WebhookSettings | null> {
  const row = await database(env.DB)
    .select()
    .from(webhooks)
    .where(eq(webhooks.id, webhookId))
    .get();
  if (!row) return null;
  const secrets = await decryptWebhook(row, encryptionKey, Date.now());
  return {
    ...secrets,
    webhookId,
    walletId: row.walletId,
    oneOff: false,
    url: row.url,
    enabled: row.enabled,
    format: isFormat(row.format) ? row.format : "standard",
    ordering: row.ordering === "unordered" ? "unordered" : "fifo",
    maxInFlight: row.maxInFlight,
    rateLimitPerSecond: row.rateLimitPerSecond,
    timeoutMs: row.timeoutMs,
    schedule: retrySchedule(row.retry),
    signature: signatureModeOf(row.signature),
    payload: payloadModeOf(row.payload),
    redact: row.redact,
    origin: row.publicOrigin,
  };
}

type NotifyTarget = NonNullable<QueuedEvent["notify"]>;

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

/** Settings of a one-off `notify` target: standard retries, default timeout, fifo, HMAC-signed full payloads. */
export async function notifySettings(
  encryptionKey: string,
  name: string,
  walletId: string,
  target: NotifyTarget,
): Promise<WebhookSettings> {
  const secret = await notifySecret(encryptionKey, name);
  return {
    webhookId: name,
    walletId,
    oneOff: true,
    url: target.url,
    enabled: true,
    format: target.format as Format,
    secret,
    oldSecrets: [],
    bearerToken: await openOptional(encryptionKey, target.bearerTokenEnc),
    apiKey: null,
    customHeaders: {},
    ordering: "fifo",
    maxInFlight: 1,
    rateLimitPerSecond: null,
    timeoutMs: 15_000,
    schedule: RETRY_PRESETS.standard,
    signature: "hmac",
    payload: "full",
    redact: [],
    origin: null,
  };
}
