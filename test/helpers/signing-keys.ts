import { env } from "cloudflare:workers";

/** A stored signing key, as D1 holds it. */
export interface SigningKeyRow {
  wallet_id: string;
  id: string;
  public_key: string;
  private_key_enc: string;
  created_at: string;
  retired_at: string | null;
  expires_at: string | null;
}

/** Every key row of a wallet, retired ones included, newest first. */
export async function signingKeyRows(walletId: string): Promise<SigningKeyRow[]> {
  const { results } = await env.DB.prepare(
    "SELECT * FROM signing_keys WHERE wallet_id = ? ORDER BY created_at DESC",
  )
    .bind(walletId)
    .all<SigningKeyRow>();
  return results;
}

/**
 * Moves a wallet's rotation into the past: its rotated-out keys were retired 25 h ago and
 * their 24 h overlap ended an hour ago, as if a day had gone by since the rotation.
 */
export async function endRotationOverlap(walletId: string): Promise<void> {
  const now = Date.now();
  await env.DB.prepare(
    "UPDATE signing_keys SET retired_at = ?, expires_at = ? WHERE wallet_id = ? AND retired_at IS NOT NULL",
  )
    .bind(
      new Date(now - 25 * 3_600_000).toISOString(),
      new Date(now - 3_600_000).toISOString(),
      walletId,
    )
    .run();
}
