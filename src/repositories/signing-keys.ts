import { and, desc, eq, gt, isNotNull, isNull, ne, or, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { type SigningKeyRow, signingKeys, webhooks } from "../db/schema";
import type { Scope } from "./scope";

/** The wallet's keys, narrowed by the scope: a wallet scope reaches only its own wallet's keys. */
function walletKeys(scope: Scope, walletId: string): SQL | undefined {
  return and(
    eq(signingKeys.walletId, walletId),
    scope.kind === "wallet" ? eq(signingKeys.walletId, scope.walletId) : undefined,
  );
}

/** Keys that sign and are published at `nowIso`: the current one, then rotated-out ones not yet expired, newest first. */
export async function activeSigningKeys(
  db: Database,
  scope: Scope,
  walletId: string,
  nowIso: string,
): Promise<SigningKeyRow[]> {
  return db
    .select()
    .from(signingKeys)
    .where(
      and(
        walletKeys(scope, walletId),
        or(isNull(signingKeys.retiredAt), gt(signingKeys.expiresAt, nowIso)),
      ),
    )
    .orderBy(desc(signingKeys.createdAt), desc(signingKeys.id))
    .all();
}

/**
 * The wallet's signing keys at `nowIso`, current first; when it has no current key, the one
 * `firstKey` makes is stored first (a concurrent first use that won is kept instead).
 */
export async function signingKeysOrFirst(
  db: Database,
  scope: Scope,
  walletId: string,
  nowIso: string,
  firstKey: () => Promise<typeof signingKeys.$inferInsert>,
): Promise<SigningKeyRow[]> {
  const keys = await activeSigningKeys(db, scope, walletId, nowIso);
  if (keys.some((key) => key.retiredAt === null)) return keys;
  await insertFirstSigningKey(db, scope, await firstKey());
  return activeSigningKeys(db, scope, walletId, nowIso);
}

/** Stores a wallet's first key; does nothing when the wallet already has a current one (a concurrent first use won). */
export async function insertFirstSigningKey(
  db: Database,
  scope: Scope,
  row: typeof signingKeys.$inferInsert,
): Promise<void> {
  if (scope.kind === "wallet" && scope.walletId !== row.walletId) return;
  await db.insert(signingKeys).values(row).onConflictDoNothing();
}

/**
 * Makes `next` the wallet's current key in one atomic batch: keys retired earlier stop now,
 * the current one is retired and signs on until `overlapUntilIso`, then `next` is stored.
 * So at most two keys sign at any time.
 */
export async function rotateSigningKeys(
  db: Database,
  scope: Scope,
  next: typeof signingKeys.$inferInsert,
  nowIso: string,
  overlapUntilIso: string,
): Promise<void> {
  if (scope.kind === "wallet" && scope.walletId !== next.walletId) return;
  const mine = walletKeys(scope, next.walletId);
  await db.batch([
    db
      .update(signingKeys)
      .set({ expiresAt: nowIso })
      .where(and(mine, isNotNull(signingKeys.retiredAt), gt(signingKeys.expiresAt, nowIso))),
    db
      .update(signingKeys)
      .set({ retiredAt: nowIso, expiresAt: overlapUntilIso })
      .where(and(mine, isNull(signingKeys.retiredAt))),
    db.insert(signingKeys).values(next),
  ]);
}

/**
 * Ids of the webhooks that sign a wallet's events with its keys (signature not hmac): its own,
 * and the global ones, which only the "all" scope reaches.
 */
export async function webhooksSigningWith(
  db: Database,
  scope: Scope,
  walletId: string,
): Promise<string[]> {
  const rows = await db
    .select({ id: webhooks.id })
    .from(webhooks)
    .where(
      and(
        or(eq(webhooks.walletId, walletId), isNull(webhooks.walletId)),
        scope.kind === "wallet" ? eq(webhooks.walletId, scope.walletId) : undefined,
        ne(webhooks.signature, "hmac"),
      ),
    )
    .all();
  return rows.map((r) => r.id);
}
