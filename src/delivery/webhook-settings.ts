import { database } from "../db/client";
import { openOptional } from "../domain/crypto/secret-box";
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
import { findWebhook } from "../repositories/webhooks";
import { decryptWebhook } from "./decrypt-webhook";
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
  /** How a response is judged: the `identus` retry preset retries every non-2xx. */
  rules: ResponseRules;
}

/** A webhook's settings from D1, or null when it was deleted. */
export async function loadWebhookSettings(
  env: Env,
  encryptionKey: string,
  webhookId: string,
): Promise<WebhookSettings | null> {
  const row = await findWebhook(database(env.DB), systemScope(), webhookId);
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
    ordering: row.ordering === "unordered" || row.ordering === "subject" ? row.ordering : "fifo",
    maxInFlight: row.maxInFlight,
    rateLimitPerSecond: row.rateLimitPerSecond,
    timeoutMs: row.timeoutMs,
    schedule: retrySchedule(row.retry),
    rules: responseRules(row.retry),
  };
}

type NotifyTarget = NonNullable<QueuedEvent["notify"]>;

/** Settings of a one-off `notify` target: standard retries, default timeout, fifo. */
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
    rules: "standard",
  };
}
