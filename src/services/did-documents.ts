import type { Config } from "../config";
import type { Database } from "../db/client";
import { serviceDidDocument, walletDidDocument, walletJwks } from "../domain/did/did-documents";
import { notFound } from "../errors/herald-error";
import { walletScope } from "../repositories/scope";
import { findWallet } from "../repositories/wallets";
import { walletSigningKeys } from "./signing-keys";

/** What the public key documents need. */
export interface DidDeps {
  db: Database;
  config: Config;
}

/** The wallet's published keys (its first is created on first use); 404 for a wallet Herald does not know. */
async function publishedKeys(deps: DidDeps, walletId: string) {
  // A public read: the path names the wallet, and the scope is that wallet alone.
  const scope = walletScope(walletId);
  if (!(await findWallet(deps.db, scope, walletId))) throw notFound("Wallet");
  const keys = await walletSigningKeys(deps.db, deps.config.keyRing, scope, walletId, Date.now());
  return keys.map((key) => ({ kid: key.id, publicKey: key.publicKey }));
}

/** The service's DID document for the host it was asked through. */
export function serviceDocument(origin: string) {
  return serviceDidDocument(origin);
}

/** A wallet's DID document: its current key and one still in its rotation overlap. */
export async function walletDocument(deps: DidDeps, origin: string, walletId: string) {
  return walletDidDocument(origin, walletId, await publishedKeys(deps, walletId));
}

/** The same keys as a JWK Set. */
export async function walletKeySet(deps: DidDeps, walletId: string) {
  return walletJwks(await publishedKeys(deps, walletId));
}
