// The shard choice: events, deliveries and attempts of a wallet live in one data-plane shard,
// picked from the wallet id; everything else stays in the control database (db itself).
import type { Database, Handle } from "../db/client";
import { fnv1a } from "../domain/fnv1a";
import type { Scope } from "./scope";

/** The index of a wallet's shard among `count`. */
export function shardIndex(walletId: string, count: number): number {
  return count === 1 ? 0 : fnv1a(walletId) % count;
}

/** The shard that holds a wallet's events, deliveries and attempts. */
export function shardOf(db: Database, walletId: string): Handle {
  return db.shards[shardIndex(walletId, db.shards.length)]!;
}

/** The shards a scope reaches: its wallet's one, or every shard for a cross-wallet scope. */
export function shardsIn(db: Database, scope: Scope): readonly Handle[] {
  return scope.kind === "wallet" ? [shardOf(db, scope.walletId)] : db.shards;
}

/** Runs `read` on every shard the scope reaches, at once; the results in shard order. */
export function acrossShards<T>(
  db: Database,
  scope: Scope,
  read: (shard: Handle) => Promise<T>,
): Promise<T[]> {
  return Promise.all(shardsIn(db, scope).map(read));
}

/** Whether a shard is the control database itself (always so with one shard). */
export function isControl(db: Database, shard: Handle): boolean {
  return shard.$client === db.$client;
}

/** Items grouped by the shard of their wallet, in first-seen order. */
export function byShard<T>(
  db: Database,
  items: readonly T[],
  walletOf: (item: T) => string,
): Map<Handle, T[]> {
  const groups = new Map<Handle, T[]>();
  for (const item of items) {
    const shard = shardOf(db, walletOf(item));
    const group = groups.get(shard);
    if (group) group.push(item);
    else groups.set(shard, [item]);
  }
  return groups;
}
