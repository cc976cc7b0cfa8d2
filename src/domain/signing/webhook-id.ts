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
