import { loadConfig } from "../config";
import { database } from "../db/client";
import type { WebhookRow } from "../db/schema";
import { type KeyRing, openOptional } from "../domain/crypto/secret-box";
import { decryptWebhook } from "../domain/crypto/webhook-credentials";
import { type PayloadMode, payloadModeOf, signatureModeOf } from "../domain/delivery-options";
import type { QueuedEvent } from "../domain/event-contract/queued-event";
import { type Format, isFormat } from "../domain/formats";
import { notifySecret } from "../domain/notify-target";
import {
  RETRY_PRESETS,
  type ResponseRules,
  responseRules,
  retrySchedule,
} from "../domain/retry-policy";
import { systemScope } from "../repositories/scope";
import { limitsOf } from "../repositories/wallet-limits";
import { findWebhook } from "../repositories/webhooks";
import type { Ordering } from "./order-store";
import type { SigningSettings } from "./signed-request";

/** Everything a webhook object needs to deliver, decrypted. */
export interface WebhookSettings extends SigningSettings {
  webhookId: string;
  walletId: string | null;
  /** A one-off `notify` target has no row in D1: it cannot be disabled or managed. */
  oneOff: boolean;
  url: string;
  enabled: boolean;
  ordering: Ordering;
  maxInFlight: number;
  rateLimitPerSecond: number | null;
  timeoutMs: number;
  schedule: readonly number[];
  payload: PayloadMode;
  /** JSON Pointers (below /data) whose values full deliveries send as "[redacted]". */
  redact: string[];
  /** The origin of the request that created the webhook or last PATCHed it: the host of its key ids and thin hrefs; null for a webhook made from the environment and never PATCHed (HMAC and full payloads only, then). */
  origin: string | null;
  /** How a response is judged: the `identus` retry preset retries every non-2xx. */
  rules: ResponseRules;
  /** Bytes of a receiver's answer the attempt that ends a delivery keeps (the wallet's attemptExcerptBytes). */
  excerptBytes: number;
}

// A wallet's excerpt allowance is shared by the isolate's objects for this long: a hundred
// objects of one wallet waking together read the wallet's limits once, not a hundred times.
const ALLOWANCE_TTL_MS = 10_000;
const ALLOWANCE_CACHE_LIMIT = 10_000;
const allowances = new Map<string, { at: number; bytes: Promise<number> }>();

/** The wallet's allowance of answer bytes per final attempt; the setting's default for a global webhook. */
function excerptAllowance(env: Env, walletId: string | null): Promise<number> {
  const config = loadConfig(env);
  if (walletId === null) return Promise.resolve(config.LIMIT_ATTEMPT_EXCERPT_BYTES);
  const now = Date.now();
  const hit = allowances.get(walletId);
  if (hit && now - hit.at < ALLOWANCE_TTL_MS) return hit.bytes;
  const bytes = limitsOf(database(env), systemScope(), config, walletId).then(
    (limits) => limits.attemptExcerptBytes,
  );
  if (allowances.size >= ALLOWANCE_CACHE_LIMIT) allowances.clear();
  allowances.set(walletId, { at: now, bytes });
  // A failed read is not kept: the next object asks D1 again.
  bytes.catch(() => allowances.delete(walletId));
  return bytes;
}

/**
 * A webhook's settings from D1, or null when it was deleted. `offered` is its row as the
 * consumer read it for this very hand-off, used instead of reading it again.
 */
export async function loadWebhookSettings(
  env: Env,
  keys: KeyRing,
  webhookId: string,
  offered?: WebhookRow,
): Promise<WebhookSettings | null> {
  const row = offered ?? (await findWebhook(database(env), systemScope(), webhookId));
  if (!row) return null;
  const secrets = await decryptWebhook(row, keys, Date.now());
  return {
    ...secrets,
    webhookId,
    walletId: row.walletId,
    oneOff: false,
    url: row.url,
    enabled: row.enabled,
    format: isFormat(row.format) ? row.format : "standard",
    ordering: row.ordering === "unordered" || row.ordering === "subject" ? row.ordering : "fifo",
    maxInFlight: row.maxInFlight,
    rateLimitPerSecond: row.rateLimitPerSecond,
    timeoutMs: row.timeoutMs,
    schedule: retrySchedule(row.retry),
    signature: signatureModeOf(row.signature),
    payload: payloadModeOf(row.payload),
    redact: row.redact,
    origin: row.publicOrigin,
    rules: responseRules(row.retry),
    excerptBytes: await excerptAllowance(env, row.walletId),
  };
}

type NotifyTarget = NonNullable<QueuedEvent["notify"]>;

/** Settings of a one-off `notify` target: standard retries, default timeout, fifo, HMAC-signed full payloads. */
export async function notifySettings(
  env: Env,
  keys: KeyRing,
  name: string,
  walletId: string,
  target: NotifyTarget,
): Promise<WebhookSettings> {
  const secret = await notifySecret(keys, name);
  return {
    webhookId: name,
    walletId,
    oneOff: true,
    url: target.url,
    enabled: true,
    format: target.format as Format,
    secret,
    oldSecrets: [],
    bearerToken: await openOptional(keys, target.bearerTokenEnc),
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
    rules: "standard",
    excerptBytes: await excerptAllowance(env, walletId),
  };
}
