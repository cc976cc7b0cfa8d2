import type { WebhookRow } from "../db/schema";
import { type KeyRing, openOptional } from "../domain/crypto/secret-box";
import { REDACTED } from "../domain/custom-headers";

/** A webhook as the API shows it: secrets redacted, never the signing secret. */
export function webhookView(row: WebhookRow, sensitiveHeaderNames: string[] = []) {
  const customHeaders: Record<string, string> = { ...row.customHeaders };
  for (const name of sensitiveHeaderNames) customHeaders[name] = REDACTED;
  return {
    id: row.id,
    walletId: row.walletId,
    url: row.url,
    description: row.description,
    enabled: row.enabled,
    eventTypes: row.eventTypes,
    channels: row.channels,
    format: row.format,
    bearerToken: row.bearerTokenEnc ? REDACTED : null,
    apiKey: row.apiKeyEnc ? REDACTED : null,
    customHeaders,
    retry: row.retry,
    ordering: row.ordering,
    maxInFlight: row.maxInFlight,
    rateLimitPerSecond: row.rateLimitPerSecond,
    timeoutMs: row.timeoutMs,
    disabledReason: row.disabledReason,
    signature: row.signature,
    payload: row.payload,
    redact: row.redact,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The names (not values) of a webhook's sensitive custom headers. */
export async function sensitiveHeaderNames(row: WebhookRow, keys: KeyRing): Promise<string[]> {
  const json = await openOptional(keys, row.customHeadersEnc);
  return json ? Object.keys(JSON.parse(json) as Record<string, string>) : [];
}
