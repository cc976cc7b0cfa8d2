import { sha256Hex } from "../crypto/encoding";

/**
 * Herald's `webhook-id`: `evt_` + 32 lower-case hex digits, the first 128 bits of
 * SHA-256("herald.webhook-id\n{walletId}\n{eventId}"). Event ids are chosen by clients and
 * are unique only within a wallet, so a receiver shared by several wallets (a global webhook,
 * one URL registered by two tenants) would take two wallets' events for one if it deduped on
 * the bare id. The hash is stable: every retry, re-send, recover and every webhook of the event
 * carries the same value. The event's own id stays in the body.
 */
export async function webhookMessageId(walletId: string, eventId: string): Promise<string> {
  return `evt_${(await sha256Hex(`herald.webhook-id\n${walletId}\n${eventId}`)).slice(0, 32)}`;
}

/** The shape of every webhook-id Herald sends (see webhookMessageId). */
export const HERALD_WEBHOOK_ID = /^evt_[0-9a-f]{32}$/;

/** What Herald sends as `User-Agent` (product token `Herald-Webhooks`): one value, domain/user-agent.ts. */
export { USER_AGENT as HERALD_USER_AGENT } from "../user-agent";

// One Standard Webhooks v1 signature: "v1," + base64 of a 32-byte HMAC-SHA256.
const V1_SIGNATURE = /^v1,[A-Za-z0-9+/]{43}=$/;

/**
 * Why a request looks like one of Herald's own deliveries, or null. "Made by Herald" means
 * either of: a `User-Agent` whose product is `Herald-Webhooks` (any version), or a
 * `webhook-id` of Herald's form (`evt_` + 32 hex, see webhookMessageId) together with a
 * `webhook-signature` holding at least one v1 signature. The second catches a delivery whose
 * User-Agent a proxy rewrote; a Standard Webhooks sender other than Herald uses its own ids.
 */
export function heraldDeliveryMark(headers: {
  userAgent: string | null;
  webhookId: string | null;
  webhookSignature: string | null;
}): string | null {
  if (headers.userAgent !== null && /^\s*herald-webhooks(\/|\s|$)/i.test(headers.userAgent)) {
    return "it carries Herald's User-Agent";
  }
  const signed = (headers.webhookSignature ?? "")
    .split(" ")
    .some((part) => V1_SIGNATURE.test(part));
  if (signed && headers.webhookId !== null && HERALD_WEBHOOK_ID.test(headers.webhookId.trim())) {
    return "it carries a webhook-id and webhook-signature made by Herald";
  }
  return null;
}
