// Service-wide figures for GET /v1/admin/metrics, read from D1's mirror of the webhook objects.
// Every function takes the admin scope: these counts span all wallets, so a wallet scope
// does not type-check. Delivery figures are read from every shard and merged.
import { and, asc, count, desc, eq, gte, inArray, isNull, min } from "drizzle-orm";
import type { Database } from "../db/client";
import { deadLetters, deliveries } from "../db/schema";
import type { Scope } from "./scope";
import { acrossShards } from "./shards";

/** The scope that sees every wallet; the only one these functions accept. */
export type AdminScope = Extract<Scope, { kind: "all" }>;

const OPEN = ["pending", "sending"];

/** Open deliveries by status, and the creation time of the oldest open one. */
export async function openDeliveries(db: Database, scope: AdminScope) {
  const perShard = await acrossShards(db, scope, (shard) =>
    shard
      .select({ status: deliveries.status, n: count(), oldest: min(deliveries.createdAt) })
      .from(deliveries)
      .where(inArray(deliveries.status, OPEN))
      .groupBy(deliveries.status)
      .all(),
  );
  const rows = perShard.flat();
  const of = (status: string) =>
    rows.filter((r) => r.status === status).reduce((sum, r) => sum + r.n, 0);
  const oldest = rows.map((r) => r.oldest).filter((o): o is string => o !== null);
  oldest.sort();
  return { pending: of("pending"), sending: of("sending"), oldestCreatedAt: oldest[0] ?? null };
}

/** Deliveries that ended failed (attempts used up, refused, or their webhook gone) since an ISO time. */
export async function failedDeliveriesSince(
  db: Database,
  scope: AdminScope,
  since: string,
): Promise<number> {
  const rows = await acrossShards(db, scope, (shard) =>
    shard
      .select({ n: count() })
      .from(deliveries)
      .where(and(eq(deliveries.status, "failed"), gte(deliveries.updatedAt, since)))
      .get(),
  );
  return rows.reduce((sum, row) => sum + (row?.n ?? 0), 0);
}

/** Dead letters recorded, all and those not yet resolved. */
export async function deadLetterCounts(db: Database, _scope: AdminScope) {
  const [all, unresolved] = await Promise.all([
    db.select({ n: count() }).from(deadLetters).get(),
    db.select({ n: count() }).from(deadLetters).where(isNull(deadLetters.resolvedAt)).get(),
  ]);
  return { total: all?.n ?? 0, unresolved: unresolved?.n ?? 0 };
}

/**
 * The wallets with the most open deliveries, most first (ties by wallet id), at most `limit`.
 * A wallet lives in one shard, so the top `limit` of each shard hold the top `limit` of all.
 */
export async function openDeliveriesByWallet(db: Database, scope: AdminScope, limit: number) {
  const open = count();
  const perShard = await acrossShards(db, scope, (shard) =>
    shard
      .select({ walletId: deliveries.walletId, open, oldest: min(deliveries.createdAt) })
      .from(deliveries)
      .where(inArray(deliveries.status, OPEN))
      .groupBy(deliveries.walletId)
      .orderBy(desc(open), asc(deliveries.walletId))
      .limit(limit)
      .all(),
  );
  if (perShard.length === 1) return perShard[0]!;
  return perShard
    .flat()
    .sort((a, b) => b.open - a.open || (a.walletId < b.walletId ? -1 : 1))
    .slice(0, limit);
}
