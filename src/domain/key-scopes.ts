// What a wallet key may do. One rule from method and path decides the scope every route
// needs, so a new route is covered the moment it is served: nothing to remember per route.

/** A key's permissions: `ingest` posts events, `read` reads, `manage` does everything. */
export const KEY_SCOPES = ["ingest", "read", "manage"] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

/** A key issued without scopes: today's behaviour, the whole wallet. */
export const DEFAULT_SCOPES: readonly KeyScope[] = ["manage"];

// Event intake: what an agent's configuration (and so a leakable key) needs.
const INGEST_PATHS = [/^\/v1\/events\/?$/, /^\/v1\/events\/batch\/?$/, /^\/v1\/ingest\//];
// Reads that hand out a secret are management, whatever their method.
const SECRET_READS = [/^\/v1\/webhooks\/[^/]+\/secret\/?$/];

/**
 * The scope a request needs: POSTs to the event intake need `ingest`; GET and HEAD need
 * `read`, except reads of a secret; everything else (and anything unforeseen) `manage`.
 */
export function requiredScope(method: string, path: string): KeyScope {
  const m = method.toUpperCase();
  if (m === "POST" && INGEST_PATHS.some((p) => p.test(path))) return "ingest";
  if ((m === "GET" || m === "HEAD") && !SECRET_READS.some((p) => p.test(path))) return "read";
  return "manage";
}

/** Whether a key's scopes allow what `needed` names (`manage` allows everything). */
export function scopeAllows(scopes: readonly KeyScope[], needed: KeyScope): boolean {
  return scopes.includes("manage") || scopes.includes(needed);
}
