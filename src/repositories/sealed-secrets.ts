import type { Database } from "../db/client";
import type { AllWallets } from "./scope";
import { acrossShards, shardOf } from "./shards";

// Where Herald keeps ciphertexts: the webhook columns *_enc, the old secrets' secretEnc in
// webhooks.old_secrets, and the notify target's bearerTokenEnc in events.notify. Values sealed
// under the current key start with `v1.<key id>.`; these queries find the others.

/** A webhook row's sealed columns as stored. */
export interface SealedWebhook {
  id: string;
  updated_at: string;
  secret_enc: string;
  old_secrets: string;
  bearer_token_enc: string | null;
  api_key_enc: string | null;
  custom_headers_enc: string | null;
}

/** An event's stored notify target (JSON text). */
export interface SealedNotify {
  wallet_id: string;
  id: string;
  notify: string;
}

const notUnder = (column: string) => `(${column} IS NOT NULL AND ${column} NOT LIKE ?1)`;

/** Up to `limit` webhooks with a value not sealed under the key whose prefix is given. */
export async function webhooksNotUnder(
  db: D1Database,
  _scope: AllWallets,
  prefix: string,
  limit: number,
): Promise<SealedWebhook[]> {
  const { results } = await db
    .prepare(
      `SELECT id, updated_at, secret_enc, old_secrets, bearer_token_enc, api_key_enc, custom_headers_enc
       FROM webhooks WHERE ${notUnder("secret_enc")} OR ${notUnder("bearer_token_enc")}
       OR ${notUnder("api_key_enc")} OR ${notUnder("custom_headers_enc")}
       OR EXISTS (SELECT 1 FROM json_each(old_secrets) WHERE ${notUnder("json_extract(value, '$.secretEnc')")})
       LIMIT ?2`,
    )
    .bind(`${prefix}%`, limit)
    .all<SealedWebhook>();
  return results;
}

/**
 * Writes re-sealed values, unless the webhook changed since it was read (then the next batch
 * picks it up again); true when written. updated_at stays: the settings did not change.
 */
export async function replaceWebhookSealed(
  db: D1Database,
  _scope: AllWallets,
  before: SealedWebhook,
  after: Omit<SealedWebhook, "id" | "updated_at">,
): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE webhooks SET secret_enc = ?, old_secrets = ?, bearer_token_enc = ?, api_key_enc = ?, custom_headers_enc = ?
       WHERE id = ? AND updated_at = ? AND secret_enc = ? AND old_secrets = ?`,
    )
    .bind(
      after.secret_enc,
      after.old_secrets,
      after.bearer_token_enc,
      after.api_key_enc,
      after.custom_headers_enc,
      before.id,
      before.updated_at,
      before.secret_enc,
      before.old_secrets,
    )
    .run();
  return (result.meta.changes ?? 0) > 0;
}

/** Up to `limit` events (of every shard) whose notify bearer token is not sealed under the given key prefix. */
export async function notifiesNotUnder(
  db: Database,
  scope: AllWallets,
  prefix: string,
  limit: number,
): Promise<SealedNotify[]> {
  const found = await acrossShards(db, scope, async (shard) => {
    const { results } = await shard.$client
      .prepare(
        `SELECT wallet_id, id, notify FROM events WHERE notify IS NOT NULL
           AND ${notUnder("json_extract(notify, '$.bearerTokenEnc')")} LIMIT ?2`,
      )
      .bind(`${prefix}%`, limit)
      .all<SealedNotify>();
    return results;
  });
  return found.flat().slice(0, limit);
}

/** Writes an event's re-sealed notify target, unless it changed since it was read. */
export async function replaceNotify(
  db: Database,
  _scope: AllWallets,
  before: SealedNotify,
  notify: string,
): Promise<boolean> {
  const result = await shardOf(db, before.wallet_id)
    .$client.prepare("UPDATE events SET notify = ? WHERE wallet_id = ? AND id = ? AND notify = ?")
    .bind(notify, before.wallet_id, before.id, before.notify)
    .run();
  return (result.meta.changes ?? 0) > 0;
}

// Tables that hold one sealed value per row beside the webhooks' and events' ones: a wallet's
// Ed25519 private keys, and its own iGrant ingest secret.
const SINGLE_SEALED = {
  signingKeys: { table: "signing_keys", column: "private_key_enc", key: ["wallet_id", "id"] },
  walletIgrantSecrets: { table: "wallets", column: "igrant_webhook_secret_enc", key: ["id"] },
} as const;

/** A table with one sealed column per row (see SINGLE_SEALED). */
export type SingleSealed = keyof typeof SINGLE_SEALED;

/** One sealed value and the primary key of its row. */
export interface SealedValue {
  key: string[];
  sealed: string;
}

/** Up to `limit` values of `which` not sealed under the key whose prefix is given. */
export async function sealedNotUnder(
  db: D1Database,
  _scope: AllWallets,
  which: SingleSealed,
  prefix: string,
  limit: number,
): Promise<SealedValue[]> {
  const { table, column, key } = SINGLE_SEALED[which];
  const { results } = await db
    .prepare(
      `SELECT ${key.join(", ")}, ${column} AS sealed FROM ${table} WHERE ${notUnder(column)} LIMIT ?2`,
    )
    .bind(`${prefix}%`, limit)
    .all<Record<string, string>>();
  return results.map((row) => ({ key: key.map((k) => row[k]!), sealed: row.sealed! }));
}

/** Swaps one sealed value, unless it changed since it was read; true when swapped. */
export async function replaceSealed(
  db: D1Database,
  _scope: AllWallets,
  which: SingleSealed,
  before: SealedValue,
  sealed: string,
): Promise<boolean> {
  const { table, column, key } = SINGLE_SEALED[which];
  const where = key.map((k) => `${k} = ?`).join(" AND ");
  const result = await db
    .prepare(`UPDATE ${table} SET ${column} = ? WHERE ${where} AND ${column} = ?`)
    .bind(sealed, ...before.key, before.sealed)
    .run();
  return (result.meta.changes ?? 0) > 0;
}
