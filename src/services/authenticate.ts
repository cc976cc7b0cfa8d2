import type { Principal } from "../app-env";
import type { Config } from "../config";
import type { Database } from "../db/client";
import { sha256Hex } from "../domain/crypto/encoding";
import { DEFAULT_WALLET_ID } from "../domain/ids";
import { requiredScope, scopeAllows } from "../domain/key-scopes";
import { HeraldError } from "../errors/herald-error";
import { findKeyByHash, readAuthEpoch } from "../repositories/api-keys";
import { systemScope } from "../repositories/scope";
import { findWallet } from "../repositories/wallets";
import {
  cachedGrant,
  checkRevocations,
  type KeyGrant,
  rememberGrant,
  revocationsFresh,
} from "./key-cache";

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

/**
 * Resolves a key to the admin or a wallet key's grant; throws 401 for a missing, unknown,
 * revoked or expired key. `now` is injectable so the revocation bound can be tested.
 */
export async function authenticateKey(
  db: Database,
  config: Config,
  key: string | null,
  now: number = Date.now(),
): Promise<Principal> {
  if (!key)
    throw new HeraldError(
      "unauthorized",
      "An API key is required (Authorization: Bearer, apiKey or X-API-Key)",
    );
  // A key this isolate knows as a live wallet key is not the admin key (the admin key is never
  // cached): such a request skips the two SHA-256 digests of the constant-time admin comparison.
  const known = key.length <= MAX_WALLET_KEY_LENGTH ? await knownWalletGrant(db, key, now) : null;
  if (known) return walletPrincipal(known, now);
  if (await sameSecret(key, config.ADMIN_API_KEY)) return { kind: "admin" };
  // Wallet keys are 47 characters. A longer one cannot be valid, and refusing it here keeps
  // the key cache, which holds presented keys, small whatever a caller sends.
  if (key.length > MAX_WALLET_KEY_LENGTH)
    throw new HeraldError("unauthorized", "The API key is not valid");
  let grant = cachedGrant(key, now);
  if (grant === undefined) {
    const hash = await sha256Hex(key);
    grant = await findKeyByHash(db, systemScope(), hash);
    rememberGrant(key, hash, grant, now);
  }
  if (!grant) throw new HeraldError("unauthorized", "The API key is not valid");
  return walletPrincipal(grant, now);
}

// The cached grant of a live wallet key, once revocations were checked (within EPOCH_CHECK_MS).
async function knownWalletGrant(db: Database, key: string, now: number) {
  // Authentication looks across wallets by design: the key names its wallet.
  await checkRevocations(() => readAuthEpoch(db, systemScope()), now);
  return cachedGrant(key, now) ?? null;
}

const expired = (grant: KeyGrant, now: number) =>
  grant.expiresAt !== null && Date.parse(grant.expiresAt) <= now;

const principalOf = (grant: KeyGrant): Principal => ({
  kind: "wallet",
  walletId: grant.walletId,
  keyId: grant.keyId,
  scopes: grant.scopes,
});

function walletPrincipal(grant: KeyGrant, now: number): Principal {
  if (expired(grant, now)) throw new HeraldError("unauthorized", "The API key has expired");
  return principalOf(grant);
}

/**
 * The principal of a request whose key this isolate already knows as a live wallet key allowed
 * to make it, without any I/O; null when that takes more (a miss, the admin key, revocations
 * not checked within EPOCH_CHECK_MS, a scope the key lacks): authenticateKey then decides.
 */
export function knownWalletPrincipal(
  headers: Headers,
  method: string,
  path: string,
  now: number = Date.now(),
): Principal | null {
  if (!revocationsFresh(now)) return null;
  const key = keyFromHeaders(headers);
  const grant = key && key.length <= MAX_WALLET_KEY_LENGTH ? cachedGrant(key, now) : null;
  if (!grant || expired(grant, now)) return null;
  if (!scopeAllows(grant.scopes, requiredScope(method, path))) return null;
  return principalOf(grant);
}

/** Refuses a wallet key whose scopes do not include what the request needs (403, naming it). */
export function requireScope(principal: Principal, method: string, path: string): void {
  if (principal.kind !== "wallet" || !principal.scopes) return;
  const needed = requiredScope(method, path);
  if (!scopeAllows(principal.scopes, needed))
    throw new HeraldError(
      "forbidden",
      `This API key lacks the "${needed}" scope that ${method.toUpperCase()} ${path} needs`,
    );
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
