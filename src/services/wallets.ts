import type { Principal } from "../app-env";
import type { Database } from "../db/client";
import type { WalletRow } from "../db/schema";
import { randomToken, sha256Hex } from "../domain/crypto/encoding";
import { type KeyRing, sealOptional } from "../domain/crypto/secret-box";
import { decodeCursor, encodeCursor } from "../domain/cursor";
import { uuidv7 } from "../domain/ids";
import { DEFAULT_SCOPES, type KeyScope } from "../domain/key-scopes";
import { HeraldError, notFound } from "../errors/herald-error";
import { insertApiKey, listApiKeys, revokeApiKey } from "../repositories/api-keys";
import { adminScope, walletScope } from "../repositories/scope";
import {
  deleteWallet,
  findWallet,
  insertWalletWithKey,
  isDeletedWallet,
  listWallets,
  setWalletIgrantSecret,
} from "../repositories/wallets";
import type { Auditor } from "./audit";
import { forgetAllKeys, forgetKey } from "./key-cache";

/** The sort key inside a list cursor: a wallet id (UUID). */
const ID_CURSOR = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A wallet as the API shows it. */
export function walletView(row: WalletRow) {
  return { id: row.id, name: row.name, createdAt: row.createdAt };
}

/** What a key may do, as its issuer chose. */
export interface KeyOptions {
  scopes?: KeyScope[];
  name?: string;
  expiresAt?: string;
}

/** A new random wallet key: shown once, stored as its SHA-256. */
async function newKey(walletId: string, now: string, options: KeyOptions = {}) {
  const apiKey = `hwk_${randomToken(32)}`;
  const row = {
    id: uuidv7(),
    walletId,
    keyHash: await sha256Hex(apiKey),
    prefix: apiKey.slice(0, 10),
    createdAt: now,
    scopes: [...new Set(options.scopes ?? DEFAULT_SCOPES)],
    name: options.name ?? null,
    expiresAt: options.expiresAt ? new Date(options.expiresAt).toISOString() : null,
  };
  return { apiKey, row };
}

/** A key as the API shows it once, at issue. */
function issuedKey(apiKey: string, row: Awaited<ReturnType<typeof newKey>>["row"]) {
  const { id, walletId, prefix, name, scopes, createdAt, expiresAt } = row;
  return { id, walletId, apiKey, prefix, name, scopes, createdAt, expiresAt };
}

/** Creates a wallet with its first API key, atomically. */
export async function createWallet(
  db: Database,
  principal: Principal,
  name: string,
  id: string = uuidv7(),
) {
  const now = new Date().toISOString();
  const { apiKey, row } = await newKey(id, now);
  try {
    await insertWalletWithKey(db, adminScope(principal), { id, name, createdAt: now }, row);
  } catch (err) {
    if (String(err).includes("UNIQUE"))
      throw new HeraldError("conflict", `A wallet with id ${id} already exists`);
    if (await isDeletedWallet(db, adminScope(principal), id))
      throw new HeraldError(
        "conflict",
        `The id ${id} belonged to a deleted wallet and is not reused`,
      );
    throw err;
  }
  return { id, name, apiKey, createdAt: now };
}

/** A wallet that must exist. */
export async function getWallet(
  db: Database,
  principal: Principal,
  id: string,
): Promise<WalletRow> {
  const row = await findWallet(db, adminScope(principal), id);
  if (!row) throw notFound("Wallet");
  return row;
}

/** Changes a wallet's settings: its own iGrant ingest secret (sealed; null falls back to IGRANT_WEBHOOK_SECRET). */
export async function updateWallet(
  db: Database,
  principal: Principal,
  keys: KeyRing,
  id: string,
  changes: { igrantWebhookSecret?: string | null },
): Promise<WalletRow> {
  if (changes.igrantWebhookSecret !== undefined) {
    const sealed = await sealOptional(keys, changes.igrantWebhookSecret);
    if (!(await setWalletIgrantSecret(db, adminScope(principal), id, sealed)))
      throw notFound("Wallet");
  }
  return getWallet(db, principal, id);
}

/** A page of wallets with the cursor of the next one. */
export async function pageWallets(
  db: Database,
  principal: Principal,
  limit: number,
  cursor: string | undefined,
) {
  const after = decodeCursor(cursor);
  // Anything base64 decodes to something; only an id is a cursor Herald issued.
  if (cursor && (after === null || !ID_CURSOR.test(after)))
    throw new HeraldError("bad_request", "The cursor is not valid");
  const rows = await listWallets(db, adminScope(principal), limit + 1, after);
  const page = rows.slice(0, limit);
  return {
    data: page.map(walletView),
    nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!.id) : null,
  };
}

/**
 * Deletes a wallet: its keys, webhooks and event types at once, its id for good (a tombstone),
 * and its events, deliveries, attempts and objects' state in the purge that follows
 * (cron/wallet-purge.ts).
 */
export async function removeWallet(
  db: Database,
  principal: Principal,
  id: string,
  audit: Auditor,
): Promise<void> {
  if (!(await deleteWallet(db, adminScope(principal), id, new Date().toISOString())))
    throw notFound("Wallet");
  forgetAllKeys();
  await audit({ walletId: id, action: "wallet.deleted", target: id });
}

/** Issues another key for a wallet (rotation without downtime: revoke the old one afterwards). */
export async function addWalletKey(
  db: Database,
  principal: Principal,
  walletId: string,
  options: KeyOptions,
  audit: Auditor,
) {
  await getWallet(db, principal, walletId);
  const now = new Date();
  if (options.expiresAt && Date.parse(options.expiresAt) <= now.getTime())
    throw new HeraldError("validation_failed", "The body is invalid", {
      errors: [{ path: "expiresAt", message: "expiresAt is not in the future" }],
    });
  const { apiKey, row } = await newKey(walletId, now.toISOString(), options);
  await insertApiKey(db, walletScope(walletId), row);
  await audit({
    walletId,
    action: "api_key.issued",
    target: row.id,
    details: { prefix: row.prefix, scopes: row.scopes, name: row.name, expiresAt: row.expiresAt },
  });
  return issuedKey(apiKey, row);
}

/** A wallet's keys (prefixes only). */
export async function walletKeys(db: Database, principal: Principal, walletId: string) {
  await getWallet(db, principal, walletId);
  return listApiKeys(db, walletScope(walletId));
}

/** Revokes a key: at once in this isolate, within key-cache's EPOCH_CHECK_MS in every other. */
export async function revokeWalletKey(
  db: Database,
  principal: Principal,
  walletId: string,
  keyId: string,
  audit: Auditor,
): Promise<void> {
  adminScope(principal);
  const hash = await revokeApiKey(db, walletScope(walletId), keyId, new Date().toISOString());
  if (!hash) throw notFound("API key");
  forgetKey(hash);
  await audit({ walletId, action: "api_key.revoked", target: keyId });
}
