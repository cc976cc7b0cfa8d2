import { and, asc, eq, gt, inArray, isNull, or, type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { type WebhookRow, webhooks } from "../db/schema";
import { covers, type Scope, type WalletScope } from "./scope";

function inScope(scope: Scope): SQL | undefined {
  return scope.kind === "all" ? undefined : eq(webhooks.walletId, scope.walletId);
}

/** Webhooks in the scope by id (the consumer's hand-off to named webhooks). */
export async function findWebhooks(
  db: Database,
  scope: Scope,
  ids: string[],
): Promise<WebhookRow[]> {
  if (!ids.length) return [];
  return db
    .select()
    .from(webhooks)
    .where(and(inArray(webhooks.id, ids), inScope(scope)))
    .all();
}

/** One webhook visible in the scope, or null (another wallet's is null too). */
export async function findWebhook(
  db: Database,
  scope: Scope,
  id: string,
): Promise<WebhookRow | null> {
  return (
    (await db
      .select()
      .from(webhooks)
      .where(and(eq(webhooks.id, id), inScope(scope)))
      .get()) ?? null
  );
}

/** The ids of every webhook in the scope (a wallet holds at most its webhook quota). */
export async function webhookIdsIn(db: Database, scope: Scope): Promise<string[]> {
  const rows = await db.select({ id: webhooks.id }).from(webhooks).where(inScope(scope)).all();
  return rows.map((r) => r.id);
}

/** A page of webhooks in creation order; `owner` narrows to one wallet or to the global ones. */
export async function listWebhooks(
  db: Database,
  scope: Scope,
  owner: { walletId: string } | { global: true } | null,
  limit: number,
  afterId: string | null,
): Promise<WebhookRow[]> {
  const ownerFilter =
    owner === null
      ? undefined
      : "global" in owner
        ? isNull(webhooks.walletId)
        : eq(webhooks.walletId, owner.walletId);
  return db
    .select()
    .from(webhooks)
    .where(and(inScope(scope), ownerFilter, afterId ? gt(webhooks.id, afterId) : undefined))
    .orderBy(asc(webhooks.id))
    .limit(limit)
    .all();
}

/** Stores a new webhook. */
export async function insertWebhook(
  db: Database,
  scope: Scope,
  row: typeof webhooks.$inferInsert,
): Promise<WebhookRow> {
  if (!covers(scope, row.walletId ?? null))
    throw new Error("insertWebhook: the row's wallet is outside the scope");
  return db.insert(webhooks).values(row).returning().get();
}

/**
 * Stores a new webhook of a wallet unless the wallet already has `limit`: null then. One
 * atomic batch inserts the row and takes it back out when the wallet's count passed the limit,
 * so creates racing each other cannot overshoot (D1 runs batches one at a time).
 */
export async function insertWebhookWithin(
  db: Database,
  scope: WalletScope,
  row: typeof webhooks.$inferInsert & { id: string },
  limit: number,
): Promise<WebhookRow | null> {
  const [inserted, removed] = await db.batch([
    db
      .insert(webhooks)
      .values({ ...row, walletId: scope.walletId })
      .returning(),
    db
      .delete(webhooks)
      .where(
        and(
          eq(webhooks.id, row.id),
          sql`(SELECT count(*) FROM webhooks WHERE wallet_id = ${scope.walletId}) > ${limit}`,
        ),
      )
      .returning({ id: webhooks.id }),
  ]);
  return removed.length ? null : (inserted[0] ?? null);
}

/** Applies changes to a webhook in scope; null when it is not there. */
export async function updateWebhook(
  db: Database,
  scope: Scope,
  id: string,
  changes: Partial<typeof webhooks.$inferInsert>,
): Promise<WebhookRow | null> {
  return (
    (await db
      .update(webhooks)
      .set(changes)
      .where(and(eq(webhooks.id, id), inScope(scope)))
      .returning()
      .get()) ?? null
  );
}

/** Deletes a webhook in scope; false when it is not there. */
export async function deleteWebhook(db: Database, scope: Scope, id: string): Promise<boolean> {
  return (
    (await db
      .delete(webhooks)
      .where(and(eq(webhooks.id, id), inScope(scope)))
      .returning({ id: webhooks.id })
      .get()) !== undefined
  );
}

/** Enabled webhooks that may receive a wallet's events: its own and the global ones, after `afterId`. */
export async function subscribersOf(
  db: Database,
  scope: WalletScope,
  limit: number,
  afterId: string | null,
): Promise<WebhookRow[]> {
  return db
    .select()
    .from(webhooks)
    .where(
      and(
        eq(webhooks.enabled, true),
        or(eq(webhooks.walletId, scope.walletId), isNull(webhooks.walletId)),
        afterId ? gt(webhooks.id, afterId) : undefined,
      ),
    )
    .orderBy(asc(webhooks.id))
    .limit(limit)
    .all();
}

/**
 * Disables an enabled webhook in the scope with a reason (the object's auto-disable); false
 * when it was already disabled or is gone, so the disable is announced once.
 */
export async function disableWebhook(
  db: Database,
  scope: Scope,
  id: string,
  reason: string,
  at: string,
): Promise<boolean> {
  const row = await db
    .update(webhooks)
    .set({ enabled: false, disabledReason: reason, updatedAt: at })
    .where(and(eq(webhooks.id, id), eq(webhooks.enabled, true), inScope(scope)))
    .returning({ id: webhooks.id })
    .get();
  return row !== undefined;
}
