// The shard choice: events, deliveries and attempts of a wallet live in one data-plane shard,
// picked from the wallet id; everything else stays in the control database (db itself).
import type { Database, Handle } from "../db/client";
import type { Scope } from "./scope";

const utf8 = new TextEncoder();

/** FNV-1a (32 bits) of a wallet id: stable across deploys and runtimes, cheap, well spread. */
export function walletHash(walletId: string): number {
  let h = 0x811c9dc5;
  for (const byte of utf8.encode(walletId)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The index of a wallet's shard among `count`. */
export function shardIndex(walletId: string, count: number): number {
  return count === 1 ? 0 : walletHash(walletId) % count;
}

/** The shard that holds a wallet's events, deliveries and attempts. */
export function shardOf(db: Database, walletId: string): Handle {
  return db.shards[shardIndex(walletId, db.shards.length)]!;
}

/** The shards a scope reaches: its wallet's one, or every shard for a cross-wallet scope. */
export function shardsIn(db: Database, scope: Scope): readonly Handle[] {
  return scope.kind === "wallet" ? [shardOf(db, scope.walletId)] : db.shards;
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
