import { credentialHeaders, type Format } from "../domain/formats";
import { igrantTimestamp, signIgrant } from "../domain/signing/igrant";
import { signStandard } from "../domain/signing/standard-webhooks";
import { HERALD_USER_AGENT, webhookMessageId } from "../domain/signing/webhook-id";

/** The decrypted settings an attempt needs. */
export interface SigningSettings {
  format: Format;
  secret: string;
  oldSecrets: string[];
  bearerToken: string | null;
  apiKey: string | null;
  customHeaders: Record<string, string>;
}

/** What Herald sends as `User-Agent`; ingest refuses requests carrying it (a delivery come back). */
export const USER_AGENT = HERALD_USER_AGENT;

/**
 * The headers of one attempt: custom headers first, so Herald's own (content type,
 * credentials, Standard Webhooks signature, iGrant signature) always win over them.
 * `webhook-id` is derived from (wallet, event): the same on every retry and for every
 * webhook, never the same for two wallets. Throws a TypeError when the runtime refuses a
 * header value (a stored token with a control character): the caller fails the delivery.
 */
export async function attemptHeaders(
  settings: SigningSettings,
  formatHeaders: Record<string, string>,
  event: { walletId: string; eventId: string },
  body: string,
  nowMs: number,
): Promise<Headers> {
  const timestamp = Math.floor(nowMs / 1000);
  const eventId = await webhookMessageId(event.walletId, event.eventId);
  // Headers.set replaces case-insensitively: a custom "authorization" cannot ride along with ours.
  const headers = new Headers(settings.customHeaders);
  const own: Record<string, string> = {
    ...formatHeaders,
    ...credentialHeaders(settings.format, settings.bearerToken, settings.apiKey),
    "Content-Type": "application/json",
    "User-Agent": USER_AGENT,
    "webhook-id": eventId,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": await signStandard(
      [settings.secret, ...settings.oldSecrets],
      eventId,
      timestamp,
      body,
    ),
  };
  if (settings.format === "igrant")
    own["X-iGrant-Signature"] = await signIgrant(settings.secret, igrantTimestamp(nowMs), body);
  for (const [name, value] of Object.entries(own)) headers.set(name, value);
  return headers;
}
