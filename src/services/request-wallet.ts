import type { Principal } from "../app-env";
import type { Database } from "../db/client";
import { DEFAULT_WALLET_ID } from "../domain/ids";
import { HeraldError } from "../errors/herald-error";
import { scopeOf, type WalletScope, walletScope } from "../repositories/scope";
import { findWallet } from "../repositories/wallets";

/** What a route does when the admin key names no wallet. */
export type WhenUnnamed = "default-wallet" | "none";

/** Where the request named its wallet, for the answer: `walletId`, `X-Wallet-Id`, ... */
export interface WalletNaming {
  named: string | null | undefined;
  field: string;
  whenUnnamed: WhenUnnamed;
}

/**
 * The one decision of which wallet a request is for, on every route that lets the caller
 * name one (body `walletId`, `?walletId=`, `X-Wallet-Id`):
 *
 * | caller     | names                              | answer                               |
 * |------------|------------------------------------|--------------------------------------|
 * | wallet key | nothing, or its own wallet         | its own wallet                       |
 * | wallet key | any other wallet (existing or not) | 403 forbidden, naming the field      |
 * | admin key  | an existing wallet                 | that wallet                          |
 * | admin key  | a wallet Herald does not have      | 400 validation_failed at the field   |
 * | admin key  | nothing                            | the default wallet (ingest, notify   |
 * |            |                                    | targets, event log and stream; 400   |
 * |            |                                    | when it is not there), or none: the  |
 * |            |                                    | route's "all wallets"/global reading |
 *
 * 403 for another wallet says "not with this key" whether that wallet exists or not, so it
 * leaks nothing; an unknown wallet is a bad input the admin can fix, hence 400 at its field.
 */
export async function requestWallet(
  db: Database,
  principal: Principal,
  naming: WalletNaming & { whenUnnamed: "default-wallet" },
): Promise<WalletScope>;
export async function requestWallet(
  db: Database,
  principal: Principal,
  naming: WalletNaming,
): Promise<WalletScope | null>;
export async function requestWallet(
  db: Database,
  principal: Principal,
  { named, field, whenUnnamed }: WalletNaming,
): Promise<WalletScope | null> {
  if (principal.kind === "wallet") {
    if (named != null && named !== principal.walletId)
      throw new HeraldError("forbidden", `${field} names a wallet this API key does not belong to`);
    return walletScope(principal.walletId);
  }
  if (named == null && whenUnnamed === "none") return null;
  const walletId = named ?? DEFAULT_WALLET_ID;
  if (!(await findWallet(db, scopeOf(principal), walletId)))
    throw new HeraldError("validation_failed", "The request is invalid", {
      errors: [{ path: field, message: "No such wallet" }],
    });
  return walletScope(walletId);
}
