import type { Database } from "../db/client";
import { compileSchema, type SchemaOutcome } from "../domain/json-schema";
import { logger } from "../observability/logger";
import { validatingEventTypes, walletsValidatingIngest } from "../repositories/event-types";
import { systemScope, walletScope } from "../repositories/scope";

// Per-isolate cache for ingest validation, so POST /v1/events stays free of per-request D1 reads:
//  - which wallets validate any type: one small read per isolate every TTL_MS, whatever the
//    number of wallets (a partial index keeps it cheap);
//  - a validating wallet's compiled schemas: read only for those wallets, again every TTL_MS.
// A type registered or deleted takes effect at once in the isolate that changed it and within
// TTL_MS everywhere else: ingest may accept unchecked (or check with a removed schema) for
// those few seconds, which is the price of not reading D1 on every event.
const TTL_MS = 5_000;
const MAX_WALLETS = 1_000;

export type DataCheck = (data: unknown) => SchemaOutcome;
const NONE: ReadonlyMap<string, DataCheck> = new Map();

let validating: { wallets: Set<string>; expires: number } | null = null;
const checks = new Map<string, { byType: Map<string, DataCheck>; expires: number }>();

/** The compiled schemas a wallet validates its ingested events with, by type (usually none). */
export async function ingestChecksFor(
  db: Database,
  walletId: string,
  now: number,
): Promise<ReadonlyMap<string, DataCheck>> {
  if (!validating || validating.expires <= now) {
    validating = {
      wallets: new Set(
        await staleOnFailure(() => walletsValidatingIngest(db, systemScope()), validating?.wallets),
      ),
      expires: now + TTL_MS,
    };
  }
  if (!validating.wallets.has(walletId)) return NONE;
  const hit = checks.get(walletId);
  if (hit && hit.expires > now) return hit.byType;
  let types: Awaited<ReturnType<typeof validatingEventTypes>>;
  try {
    types = await validatingEventTypes(db, walletScope(walletId));
  } catch (err) {
    if (!hit) throw err;
    logStale(err);
    hit.expires = now + TTL_MS;
    return hit.byType;
  }
  const byType = new Map<string, DataCheck>();
  for (const { name, schema } of types) {
    if (!schema) continue;
    try {
      byType.set(name, compileSchema(schema));
    } catch (err) {
      // Checked when registered; a schema that still fails to compile validates nothing rather than block ingest.
      logger.error("registered schema does not compile", {
        walletId,
        type: name,
        error: String(err),
      });
    }
  }
  if (checks.size >= MAX_WALLETS) checks.delete(checks.keys().next().value as string);
  checks.set(walletId, { byType, expires: now + TTL_MS });
  return byType;
}

function logStale(err: unknown): void {
  logger.error("refreshing ingest validation failed; using what this isolate last read", {
    error: String(err),
  });
}

// A D1 outage must not stop ingest (the queue, not D1, takes the events): an isolate that has
// read the list before keeps using it until a refresh succeeds. Without one, the error stands.
async function staleOnFailure<T>(
  read: () => Promise<T[]>,
  last: Iterable<T> | undefined,
): Promise<Iterable<T>> {
  try {
    return await read();
  } catch (err) {
    if (!last) throw err;
    logStale(err);
    return last;
  }
}

/** Drops what this isolate knows about a wallet's validating types (after a registration or deletion). */
export function forgetIngestChecks(walletId: string): void {
  validating = null;
  checks.delete(walletId);
}
