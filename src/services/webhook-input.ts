import { type Config, urlPolicy } from "../config";
import type { RetryColumn, webhooks } from "../db/schema";
import { sealOptional } from "../domain/crypto/secret-box";
import { isSensitiveHeader } from "../domain/custom-headers";
import { checkWebhookUrl } from "../domain/url-rules";
import { type FieldError, HeraldError } from "../errors/herald-error";

/** The webhook fields a client may send, after zod. */
export interface WebhookInput {
  url?: string;
  description?: string;
  enabled?: boolean;
  eventTypes?: string[];
  channels?: string[];
  format?: string;
  bearerToken?: string | null;
  apiKey?: string | null;
  customHeaders?: Record<string, string>;
  retry?: RetryColumn;
  ordering?: "fifo" | "unordered" | "subject";
  maxInFlight?: number;
  rateLimitPerSecond?: number | null;
  timeoutMs?: number;
}

/**
 * Checks the rules zod cannot (URL destinations depend on configuration) and turns input
 * into columns: secrets encrypted, ACA-Py's `url#apikey` fragment moved into the encrypted
 * apiKey so the key is never stored in the URL, sent or logged.
 */
export async function webhookColumns(
  input: WebhookInput,
  effectiveFormat: string,
  config: Config,
  requestHost?: string,
) {
  const errors: FieldError[] = [];
  const columns: Partial<typeof webhooks.$inferInsert> = {};
  let apiKey = input.apiKey;

  if (input.url !== undefined) {
    const check = checkWebhookUrl(input.url, urlPolicy(config, requestHost));
    if (!check.ok) {
      errors.push({ path: "url", message: check.reason });
    } else {
      const url = check.url;
      if (url.hash) {
        if (effectiveFormat !== "acapy") {
          errors.push({
            path: "url",
            message:
              "A #fragment is only allowed with the acapy format, where it carries the X-API-Key",
          });
        } else if (apiKey === undefined) {
          apiKey = decodeURIComponent(url.hash.slice(1));
        }
        url.hash = "";
      }
      // Keep the address as the client wrote it where URL parsing only added a bare "/"
      // (Identus echoes "http://host:9095" unchanged); otherwise store the parsed form.
      const href = url.toString();
      const bareRoot =
        url.pathname === "/" && !url.search && !input.url.trim().split("#")[0]!.endsWith("/");
      columns.url = bareRoot ? href.slice(0, -1) : href;
    }
  }
  if (input.retry && "schedule" in input.retry) {
    // A receiver is given time between attempts; the presets (identus: [5, 5]) already do.
    const min = config.RETRY_MIN_DELAY_SECONDS;
    input.retry.schedule.forEach((delay, i) => {
      if (delay < min)
        errors.push({
          path: `retry.schedule.${i}`,
          message: `Retry delays are at least ${min} seconds`,
        });
    });
  }
  if (errors.length) throw new HeraldError("validation_failed", "The body is invalid", { errors });

  const key = config.keyRing;
  if (input.description !== undefined) columns.description = input.description;
  if (input.enabled !== undefined) {
    columns.enabled = input.enabled;
    if (input.enabled) columns.disabledReason = null;
  }
  if (input.eventTypes !== undefined) columns.eventTypes = input.eventTypes;
  if (input.channels !== undefined) columns.channels = input.channels;
  if (input.format !== undefined) columns.format = input.format;
  if (input.bearerToken !== undefined)
    columns.bearerTokenEnc = await sealOptional(key, input.bearerToken);
  if (apiKey !== undefined) columns.apiKeyEnc = await sealOptional(key, apiKey);
  if (input.customHeaders !== undefined) {
    const plain: Record<string, string> = {};
    const sensitive: Record<string, string> = {};
    for (const [name, value] of Object.entries(input.customHeaders)) {
      (isSensitiveHeader(name) ? sensitive : plain)[name] = value;
    }
    columns.customHeaders = plain;
    columns.customHeadersEnc = Object.keys(sensitive).length
      ? await sealOptional(key, JSON.stringify(sensitive))
      : null;
  }
  if (input.retry !== undefined) columns.retry = input.retry;
  if (input.ordering !== undefined) columns.ordering = input.ordering;
  if (input.maxInFlight !== undefined) columns.maxInFlight = input.maxInFlight;
  if (input.rateLimitPerSecond !== undefined) columns.rateLimitPerSecond = input.rateLimitPerSecond;
  if (input.timeoutMs !== undefined) columns.timeoutMs = input.timeoutMs;
  return columns;
}
