import type { Principal } from "../app-env";
import type { Database } from "../db/client";
import type { WalletRow } from "../db/schema";
import { randomToken, sha256Hex } from "../domain/crypto/encoding";
import { sealOptional } from "../domain/crypto/secret-box";
import { decodeCursor, encodeCursor } from "../domain/cursor";
import { uuidv7 } from "../domain/ids";
import { HeraldError, notFound } from "../errors/herald-error";
import { insertApiKey, listApiKeys, revokeApiKey } from "../repositories/api-keys";
import { adminScope, walletScope } from "../repositories/scope";
import {
  deleteWallet,
  findWallet,
  insertWalletWithKey,
  listWallets,
  setWalletIgrantSecret,
} from "../repositories/wallets";
import { forgetAllKeys, forgetKey } from "./key-cache";

/** The sort key inside a list cursor: a wallet id (UUID). */
const ID_CURSOR = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A wallet as the API shows it. */
export function walletView(row: WalletRow) {
  return { id: row.id, name: row.name, createdAt: row.createdAt };
}

/** A new random wallet key: shown once, stored as its SHA-256. */
async function newKey(walletId: string, now: string) {
  const apiKey = `hwk_${randomToken(32)}`;
  const row = {
    id: uuidv7(),
    walletId,
    keyHash: await sha256Hex(apiKey),
    prefix: apiKey.slice(0, 10),
    createdAt: now,
  };
  return { apiKey, row };
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
  encryptionKey: string,
  id: string,
  changes: { igrantWebhookSecret?: string | null },
): Promise<WalletRow> {
  if (changes.igrantWebhookSecret !== undefined) {
    const sealed = await sealOptional(encryptionKey, changes.igrantWebhookSecret);
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

/** Removes a wallet with its keys and webhooks. */
export async function removeWallet(db: Database, principal: Principal, id: string): Promise<void> {
  if (!(await deleteWallet(db, adminScope(principal), id))) throw notFound("Wallet");
  forgetAllKeys();
}

/** Issues another key for a wallet (rotation without downtime: revoke the old one afterwards). */
export async function addWalletKey(db: Database, principal: Principal, walletId: string) {
  await getWallet(db, principal, walletId);
  const now = new Date().toISOString();
  const { apiKey, row } = await newKey(walletId, now);
  await insertApiKey(db, walletScope(walletId), row);
  return { id: row.id, walletId, apiKey, prefix: row.prefix, createdAt: now };
}

/** A wallet's keys (prefixes only). */
export async function walletKeys(db: Database, principal: Principal, walletId: string) {
  await getWallet(db, principal, walletId);
  return listApiKeys(db, walletScope(walletId));
}

/** Revokes a key at once in this isolate (others within the key cache's TTL). */
export async function revokeWalletKey(
  db: Database,
  principal: Principal,
  walletId: string,
  keyId: string,
): Promise<void> {
  adminScope(principal);
  const hash = await revokeApiKey(db, walletScope(walletId), keyId, new Date().toISOString());
  if (!hash) throw notFound("API key");
  forgetKey(hash);
}
