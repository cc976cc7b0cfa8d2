import type { Principal } from "../app-env";
import type { Config } from "../config";
import type { Database } from "../db/client";
import { sha256Hex } from "../domain/crypto/encoding";
import { DEFAULT_WALLET_ID } from "../domain/ids";
import { HeraldError } from "../errors/herald-error";
import { findWalletByKeyHash } from "../repositories/api-keys";
import { systemScope } from "../repositories/scope";
import { findWallet } from "../repositories/wallets";
import { cachedWallet, rememberWallet } from "./key-cache";

const MAX_WALLET_KEY_LENGTH = 128;

/** Constant-time comparison, so the admin key cannot be guessed byte by byte from timings. Both sides are hashed first: timingSafeEqual needs equal lengths, and the key's length stays hidden too. */
async function sameSecret(a: string, b: string): Promise<boolean> {
  const encoder = new TextEncoder();
  const [da, db] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(a)),
    crypto.subtle.digest("SHA-256", encoder.encode(b)),
  ]);
  return crypto.subtle.timingSafeEqual(da, db);
}

/** The key a request carries: `Authorization: Bearer`, `apiKey` (Identus) or `X-API-Key` (Proven). */
export function keyFromHeaders(headers: Headers): string | null {
  const auth = headers.get("authorization");
  if (auth) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (match) return match[1]!;
  }
  return headers.get("apikey")?.trim() || headers.get("x-api-key")?.trim() || null;
}

/** Resolves a key to the admin or a wallet; throws 401 for a missing or unknown key. */
export async function authenticateKey(
  db: Database,
  config: Config,
  key: string | null,
): Promise<Principal> {
  if (!key)
    throw new HeraldError(
      "unauthorized",
      "An API key is required (Authorization: Bearer, apiKey or X-API-Key)",
    );
  if (await sameSecret(key, config.ADMIN_API_KEY)) return { kind: "admin" };
  // Wallet keys are 47 characters. A longer one cannot be valid, and refusing it here keeps
  // the key cache, which holds presented keys, small whatever a caller sends.
  if (key.length > MAX_WALLET_KEY_LENGTH)
    throw new HeraldError("unauthorized", "The API key is not valid");
  const now = Date.now();
  let walletId = cachedWallet(key, now);
  if (walletId === undefined) {
    const hash = await sha256Hex(key);
    // Authentication looks across wallets by design: the key names its wallet.
    walletId = await findWalletByKeyHash(db, systemScope(), hash);
    rememberWallet(key, hash, walletId, now);
  }
  if (!walletId) throw new HeraldError("unauthorized", "The API key is not valid");
  return { kind: "wallet", walletId };
}

/**
 * The principal of a signed call without a key (iGrant.io): the default wallet's, or 503 when
 * there is no default wallet to file events under.
 */
export async function defaultWalletPrincipal(db: Database): Promise<Principal> {
  if (!(await findWallet(db, systemScope(), DEFAULT_WALLET_ID))) {
    throw new HeraldError(
      "unavailable",
      "iGrant ingest has no wallet to file events under: enable the default wallet or send an API key",
    );
  }
  return { kind: "wallet", walletId: DEFAULT_WALLET_ID };
}
