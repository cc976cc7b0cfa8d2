import type { Principal } from "../app-env";
import type { Config } from "../config";
import type { Database } from "../db/client";
import { openOptional } from "../domain/crypto/secret-box";
import { DEFAULT_WALLET_ID } from "../domain/ids";
import { systemScope } from "../repositories/scope";
import { findWallet } from "../repositories/wallets";

/**
 * The secret an iGrant call must be signed with: the wallet's own (set with PATCH
 * /v1/wallets/{id}), else IGRANT_WEBHOOK_SECRET; null when neither is set. The admin key files
 * iGrant events under the default wallet, so that wallet's secret applies to it.
 */
export async function igrantIngestSecret(
  db: Database,
  config: Config,
  principal: Principal,
): Promise<string | null> {
  const walletId = principal.kind === "wallet" ? principal.walletId : DEFAULT_WALLET_ID;
  const wallet = await findWallet(db, systemScope(), walletId);
  const own = await openOptional(config.keyRing, wallet?.igrantWebhookSecretEnc ?? null);
  return own ?? (config.IGRANT_WEBHOOK_SECRET || null);
}
