import { and, desc, eq, lt } from "drizzle-orm";
import type { Database } from "../db/client";
import { type AuditRow, auditLog } from "../db/schema";
import type { Scope } from "./scope";

/** Appends one entry (its wallet, or null for a global webhook, is in the row). */
export async function insertAuditEntry(
  db: Database,
  _scope: Scope,
  row: typeof auditLog.$inferInsert,
): Promise<void> {
  await db.insert(auditLog).values(row);
}

/**
 * A page of the log, newest first: one wallet's entries, or every entry for an all-wallets scope
 * (the admin naming no wallet).
 */
export async function listAuditEntries(
  db: Database,
  scope: Scope,
  limit: number,
  beforeId: string | null,
): Promise<AuditRow[]> {
  return db
    .select()
    .from(auditLog)
    .where(
      and(
        scope.kind === "wallet" ? eq(auditLog.walletId, scope.walletId) : undefined,
        beforeId ? lt(auditLog.id, beforeId) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(limit)
    .all();
}
