import type { Principal } from "../app-env";
import type { Database } from "../db/client";
import type { AuditRow } from "../db/schema";
import { decodeCursor, encodeCursor } from "../domain/cursor";
import { uuidv7 } from "../domain/ids";
import { HeraldError } from "../errors/herald-error";
import { insertAuditEntry, listAuditEntries } from "../repositories/audit-log";
import { scopeOf } from "../repositories/scope";
import { requestWallet } from "./request-wallet";

/**
 * What the audit log records. Another change that should be audited gets a name here first:
 * `wallet.limits_changed` is for the per-wallet limits (PATCH /v1/wallets/{id}).
 */
export const AUDIT_ACTIONS = [
  "webhook.created",
  "webhook.updated",
  "webhook.deleted",
  "webhook.secret_revealed",
  "webhook.secret_rotated",
  "webhook.recovered",
  "api_key.issued",
  "api_key.revoked",
  "wallet.limits_changed",
  "wallet.deleted",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who acts, from where: the request's principal and its CF-Connecting-IP. */
export interface AuditBy {
  principal: Principal;
  ip: string | null;
}

/** One change to record. `details` must never hold a secret: ids, names, counts, field names. */
export interface AuditEntry {
  /** The wallet the change belongs to; null for a global webhook. */
  walletId: string | null;
  action: AuditAction;
  /** The id of what changed (webhook, key, wallet). */
  target?: string;
  details?: Record<string, unknown>;
}

/** Records one change for a wallet's audit log. */
export type Auditor = (entry: AuditEntry) => Promise<void>;

/** The actor column: `admin`, `key:<api key id>`, or `wallet` (a keyless signed call). */
export function actorOf(principal: Principal): string {
  if (principal.kind === "admin") return "admin";
  return principal.keyId ? `key:${principal.keyId}` : "wallet";
}

/** Appends one entry to the audit log. */
export async function audit(db: Database, by: AuditBy, entry: AuditEntry): Promise<void> {
  await insertAuditEntry(db, scopeOf(by.principal), {
    id: uuidv7(),
    walletId: entry.walletId,
    actor: actorOf(by.principal),
    action: entry.action,
    target: entry.target ?? null,
    details: entry.details ?? {},
    ip: by.ip,
    createdAt: new Date().toISOString(),
  });
}

/** An Auditor bound to one request's caller. */
export function auditorFor(db: Database, by: AuditBy): Auditor {
  return (entry) => audit(db, by, entry);
}

const ID_CURSOR = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An entry as the API shows it. */
function entryView(row: AuditRow) {
  return {
    id: row.id,
    walletId: row.walletId,
    actor: row.actor,
    action: row.action,
    target: row.target,
    details: row.details,
    ip: row.ip,
    createdAt: row.createdAt,
  };
}

/** A page of the caller's audit log, newest first (the admin may name a wallet, or see all). */
export async function pageAuditLog(
  db: Database,
  principal: Principal,
  query: { limit: number; cursor?: string; walletId?: string },
) {
  const before = decodeCursor(query.cursor);
  if (query.cursor && (before === null || !ID_CURSOR.test(before)))
    throw new HeraldError("bad_request", "The cursor is not valid");
  const wallet = await requestWallet(db, principal, {
    named: query.walletId,
    field: "walletId",
    whenUnnamed: "none",
  });
  const rows = await listAuditEntries(db, wallet ?? scopeOf(principal), query.limit + 1, before);
  const page = rows.slice(0, query.limit);
  return {
    data: page.map(entryView),
    nextCursor: rows.length > query.limit ? encodeCursor(page.at(-1)!.id) : null,
  };
}
