import { env } from "cloudflare:workers";
import { database } from "../../src/db/client";
import { shardIndex, shardOf } from "../../src/repositories/shards";
import { callJson } from "./api";

// Events, deliveries and attempts live in the D1 shard of their wallet (DB itself with one
// shard); the suites read them here, so they pass with any D1_SHARDS.

/** The D1 database holding a wallet's events, deliveries and attempts. */
export function walletDb(walletId: string): D1Database {
  return shardOf(database(env), walletId).$client;
}

/** Every data-plane shard (just DB with one shard). */
export function dataDbs(): D1Database[] {
  return database(env).shards.map((shard) => shard.$client);
}

/** One read on every shard, the rows of all of them. */
export async function rowsOfAllShards<T>(sql: string, ...bind: unknown[]): Promise<T[]> {
  const results = await Promise.all(
    dataDbs().map((db) =>
      db
        .prepare(sql)
        .bind(...bind)
        .all<T>(),
    ),
  );
  return results.flatMap((r) => r.results);
}

/** The env with its control database and every shard wrapped (a fault injected into all of D1). */
export function withEveryD1(wrap: (db: D1Database) => D1Database): Partial<Env> {
  const bindings = env as unknown as Record<string, D1Database>;
  const shards = Object.keys(bindings).filter((name) => /^DB_\d+$/.test(name));
  return Object.fromEntries(
    ["DB", ...shards].map((name) => [name, wrap(bindings[name]!)]),
  ) as Partial<Env>;
}

/** A wallet id (a UUID) whose shard is `index` of the configured shards. */
export function walletIdOnShard(index: number): string {
  const count = dataDbs().length;
  for (;;) {
    const id = crypto.randomUUID();
    if (shardIndex(id, count) === index % count) return id;
  }
}

/** A fresh wallet whose events share the shard of `walletId`'s. */
export async function newWalletBeside(
  walletId: string,
  name = "beside",
): Promise<{ id: string; apiKey: string }> {
  const index = shardIndex(walletId, dataDbs().length);
  const { status, body } = await callJson("/v1/wallets", {
    body: { name, id: walletIdOnShard(index) },
  });
  if (status !== 201) throw new Error(`wallet creation failed: ${status} ${JSON.stringify(body)}`);
  return { id: body.id, apiKey: body.apiKey };
}
