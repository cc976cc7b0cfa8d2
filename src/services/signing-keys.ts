import type { Principal } from "../app-env";
import type { Config } from "../config";
import type { Database } from "../db/client";
import type { SigningKeyRow } from "../db/schema";
import type { KeyRing } from "../domain/crypto/secret-box";
import { walletDid, walletKeyId } from "../domain/did/did-web";
import { newSigningKeyRow } from "../domain/signing/signing-key-row";
import { HeraldError, notFound } from "../errors/herald-error";
import { type Scope, scopeOf, systemScope } from "../repositories/scope";
import {
  activeSigningKeys,
  rotateSigningKeys,
  signingKeysOrFirst,
  webhooksSigningWith,
} from "../repositories/signing-keys";
import { findWallet } from "../repositories/wallets";
import type { ObjectNotifier } from "./webhooks";

/** A rotated-out key keeps signing beside the new one this long, so receivers can switch over. */
export const KEY_OVERLAP_MS = 24 * 60 * 60 * 1000;

/** The wallet's signing keys at `now`, current first; its first key is created here, on first use. */
export function walletSigningKeys(
  db: Database,
  keys: KeyRing,
  scope: Scope,
  walletId: string,
  now: number,
): Promise<SigningKeyRow[]> {
  return signingKeysOrFirst(db, scope, walletId, new Date(now).toISOString(), () =>
    newSigningKeyRow(keys, walletId, now),
  );
}

/** What rotation needs: D1, config, a line to the webhook objects, and the origin the caller used. */
export interface SigningKeyDeps {
  db: Database;
  config: Config;
  notify: ObjectNotifier;
  origin: string;
}

/** The keys as the API shows them: DID URLs, and until when a rotated-out key still signs. */
export function signingKeysView(origin: string, walletId: string, keys: SigningKeyRow[]) {
  return {
    walletId,
    did: walletDid(origin, walletId),
    keys: keys.map((key) => ({
      kid: key.id,
      keyId: walletKeyId(origin, walletId, key.id),
      status: key.retiredAt === null ? ("current" as const) : ("previous" as const),
      createdAt: key.createdAt,
      expiresAt: key.expiresAt,
    })),
  };
}

/**
 * Replaces a wallet's current key: the new one signs at once, the previous one beside it for
 * 24 h (both in webhook-signature), then only the new one. The webhooks that sign with the
 * wallet's keys reload them now, rather than within their 30 s settings refresh.
 */
export async function rotateWalletKey(
  deps: SigningKeyDeps,
  principal: Principal,
  walletId: string | null,
) {
  let wallet: string;
  if (principal.kind === "wallet") wallet = principal.walletId;
  else if (walletId === null)
    throw new HeraldError(
      "bad_request",
      "The admin key has no wallet of its own: use POST /v1/wallets/{id}/signing-keys/rotate",
    );
  else if (!(await findWallet(deps.db, scopeOf(principal), walletId))) throw notFound("Wallet");
  else wallet = walletId;
  const scope = scopeOf(principal);
  const now = Date.now();
  await rotateSigningKeys(
    deps.db,
    scope,
    await newSigningKeyRow(deps.config.keyRing, wallet, now),
    new Date(now).toISOString(),
    new Date(now + KEY_OVERLAP_MS).toISOString(),
  );
  // Global webhooks sign every wallet's events with that wallet's keys: they reload too. Only
  // ids reach the objects; nothing of another tenant goes back to the caller.
  for (const id of await webhooksSigningWith(deps.db, systemScope(), wallet))
    await deps.notify(id, "updated");
  const keys = await activeSigningKeys(deps.db, scope, wallet, new Date(now).toISOString());
  return signingKeysView(deps.origin, wallet, keys);
}
