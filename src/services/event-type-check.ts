import type { Database } from "../db/client";
import {
  BUILTIN_EVENT_TYPE_NAMES,
  closestNames,
  isBuiltinEventType,
} from "../domain/event-catalog";
import { type FieldError, HeraldError } from "../errors/herald-error";
import { logger } from "../observability/logger";
import { eventTypeNames, registeredNames } from "../repositories/event-types";
import { systemScope, walletScope } from "../repositories/scope";
import { type DataCheck, ingestChecksFor } from "./ingest-schema-cache";

const MAX_INGEST_ERRORS = 50;

function isWildcard(pattern: string): boolean {
  return pattern === "*" || pattern.endsWith(".*");
}

/**
 * Refuses webhook subscriptions to exact types that are in no catalog: not built in and not
 * registered by the wallet (for a global webhook, walletId null: by any wallet, since it receives
 * every wallet's events). Wildcards always pass. `alreadySubscribed` patterns pass too, so a PATCH
 * does not fail over a type the wallet has since deleted. The 400 names the closest known names.
 */
export async function assertKnownEventTypes(
  db: Database,
  walletId: string | null,
  patterns: readonly string[],
  alreadySubscribed: readonly string[] = [],
): Promise<void> {
  const needsLookup = (p: string) =>
    !isWildcard(p) && !isBuiltinEventType(p) && !alreadySubscribed.includes(p);
  const candidates = [...new Set(patterns.filter(needsLookup))];
  if (candidates.length === 0) return;
  // A global webhook (no wallet) receives every wallet's events: any wallet's type is known.
  const scope = walletId === null ? systemScope() : walletScope(walletId);
  const registered = await registeredNames(db, scope, candidates);
  const unknown = patterns.flatMap((pattern, index) =>
    needsLookup(pattern) && !registered.has(pattern) ? [{ pattern, index }] : [],
  );
  if (unknown.length === 0) return;

  const known = [
    ...BUILTIN_EVENT_TYPE_NAMES,
    ...(walletId === null ? [] : await eventTypeNames(db, walletScope(walletId))),
  ];
  const errors: FieldError[] = unknown.map(({ pattern, index }) => ({
    path: `eventTypes.${index}`,
    message: `Unknown event type "${pattern}"; closest known: ${closestNames(pattern, known).join(", ")}`,
  }));
  const how =
    "Subscribe to a type listed at GET /v1/event-types, register your own with POST /v1/event-types, or use a wildcard such as openid.credential.*";
  const detail =
    unknown.length === 1
      ? `Unknown event type "${unknown[0]!.pattern}" (did you mean ${closestNames(
          unknown[0]!.pattern,
          known,
        )
          .map((n) => `"${n}"`)
          .join(", ")}?). ${how}`
      : `${unknown.length} event types are not in the catalog (see errors). ${how}`;
  throw new HeraldError("validation_failed", detail, { errors });
}

/** An event as ingest holds it after its wallet is resolved. */
export interface IngestedEvent {
  walletId: string;
  type: string;
  data: Record<string, unknown>;
}

/**
 * Checks events against the schemas of types their wallet registered with validateIngest; a
 * 400 names each mismatch as `<index>.data.<path>`. D1 is read only through the per-isolate
 * cache (ingest-schema-cache.ts), so the usual wallet, validating nothing, costs no read.
 */
export async function validateAgainstRegisteredTypes(
  db: Database,
  events: readonly IngestedEvent[],
  now = Date.now(),
): Promise<void> {
  const errors: FieldError[] = [];
  const perWallet = new Map<string, ReadonlyMap<string, DataCheck>>();
  for (const [index, event] of events.entries()) {
    let checks = perWallet.get(event.walletId);
    if (!checks) {
      checks = await ingestChecksFor(db, event.walletId, now);
      perWallet.set(event.walletId, checks);
    }
    const check = checks.get(event.type);
    if (!check) continue;
    let outcome: ReturnType<DataCheck>;
    try {
      outcome = check(event.data);
    } catch (err) {
      // A schema the validator cannot run (it was accepted at registration) must not block ingest.
      logger.error("registered schema failed to run", {
        walletId: event.walletId,
        type: event.type,
        error: String(err),
      });
      continue;
    }
    for (const e of outcome.errors)
      errors.push({ path: `${index}.data${e.path ? `.${e.path}` : ""}`, message: e.message });
  }
  if (errors.length === 0) return;
  throw new HeraldError(
    "validation_failed",
    "The event's data does not match the schema its wallet registered for its type (validateIngest)",
    { errors: errors.slice(0, MAX_INGEST_ERRORS) },
  );
}
