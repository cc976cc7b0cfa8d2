import type { SignatureMode } from "../domain/delivery-options";
import { walletKeyId } from "../domain/did/did-web";
import { isThinBody, withLinkToken } from "../domain/formats/thin";
import type { PendingRow } from "./pending-store";
import { eventLinkToken } from "./shape-delivery";
import type { WalletSigners } from "./wallet-signers";

/** The Ed25519 side of an attempt's signature: keys that sign, and the DID URL that names the current one. */
export interface Ed25519Signing {
  keyId: string | null;
  keys: CryptoKey[];
}

/** What one attempt sends beyond the stored row. */
export interface PreparedAttempt {
  body: string;
  ed25519: Ed25519Signing | null;
}

/** What preparing needs from the webhook object. */
export interface PrepareContext {
  signature: SignatureMode;
  origin: string | null;
  signers: WalletSigners;
  encryptionKey: string;
}

/**
 * Readies an attempt before it is counted: a thin body gets a fresh link token (valid an hour
 * from this attempt, so a retry days later still carries a working link), and a webhook that
 * signs with Ed25519 gets the event's wallet's keys, loading (or creating) them now so a D1
 * failure leaves the delivery pending rather than half-sent.
 */
export async function prepareAttempt(
  ctx: PrepareContext,
  row: PendingRow,
  nowMs: number,
): Promise<PreparedAttempt> {
  let body = row.body;
  if (row.format === "standard" && isThinBody(body))
    body = withLinkToken(
      body,
      await eventLinkToken(ctx.encryptionKey, row.wallet_id, row.event_id, nowMs),
    );
  if (ctx.signature === "hmac") return { body, ed25519: null };
  const { kid, keys } = await ctx.signers.keysAt(row.wallet_id, nowMs);
  const keyId = ctx.origin ? walletKeyId(ctx.origin, row.wallet_id, kid) : null;
  return { body, ed25519: { keyId, keys } };
}
