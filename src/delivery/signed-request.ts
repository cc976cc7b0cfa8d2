import type { SignatureMode } from "../domain/delivery-options";
import { credentialHeaders, type Format } from "../domain/formats";
import { igrantTimestamp, signIgrant } from "../domain/signing/igrant";
import { signStandard } from "../domain/signing/standard-webhooks";
import { signV1a } from "../domain/signing/standard-webhooks-v1a";
import { webhookMessageId } from "../domain/signing/webhook-id";
import { USER_AGENT } from "../domain/user-agent";
import type { Ed25519Signing } from "./prepare-attempt";

/** The decrypted settings an attempt needs. */
export interface SigningSettings {
  format: Format;
  secret: string;
  oldSecrets: string[];
  bearerToken: string | null;
  apiKey: string | null;
  customHeaders: Record<string, string>;
  signature: SignatureMode;
}

/**
 * The headers of one attempt: custom headers first, so Herald's own (content type,
 * credentials, Standard Webhooks signature, iGrant signature) always win over them.
 * `webhook-id` is derived from (wallet, event): the same on every retry and for every
 * webhook, never the same for two wallets. With Ed25519 (`signature` ed25519 or both) the v1a
 * entries follow any v1 ones in `webhook-signature`, and `webhook-key-id` names the current
 * key's DID URL. Throws a TypeError when the runtime refuses a header value (a stored token
 * with a control character): the caller fails the delivery.
 */
export async function attemptHeaders(
  settings: SigningSettings,
  formatHeaders: Record<string, string>,
  event: { walletId: string; eventId: string },
  body: string,
  nowMs: number,
  ed25519: Ed25519Signing | null = null,
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
  };
  const signatures: string[] = [];
  if (settings.signature !== "ed25519")
    signatures.push(
      await signStandard([settings.secret, ...settings.oldSecrets], eventId, timestamp, body),
    );
  if (settings.signature !== "hmac") {
    if (!ed25519) throw new Error(`signature ${settings.signature} needs the wallet's keys`);
    signatures.push(await signV1a(ed25519.keys, eventId, timestamp, body));
    if (ed25519.keyId) own["webhook-key-id"] = ed25519.keyId;
  }
  own["webhook-signature"] = signatures.join(" ");
  if (settings.format === "igrant")
    own["X-iGrant-Signature"] = await signIgrant(settings.secret, igrantTimestamp(nowMs), body);
  for (const [name, value] of Object.entries(own)) headers.set(name, value);
  return headers;
}
