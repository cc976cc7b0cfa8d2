// Per-isolate cache of key hash -> wallet id, so ingest does not read D1 for every request.
// A revoked key stops working at once in the isolate that revoked it and within TTL_MS elsewhere.
const TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;
const entries = new Map<string, { walletId: string | null; expires: number }>();

/** The cached wallet for a key hash (null = known bad), or undefined on a miss. */
export function cachedWallet(keyHash: string, now: number): string | null | undefined {
  const hit = entries.get(keyHash);
  if (!hit) return undefined;
  if (hit.expires < now) {
    entries.delete(keyHash);
    return undefined;
  }
  return hit.walletId;
}

/** Remembers a lookup result (misses too, briefly, so a flood of bad keys cannot hammer D1). */
export function rememberWallet(keyHash: string, walletId: string | null, now: number): void {
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
  entries.set(keyHash, { walletId, expires: now + (walletId ? TTL_MS : TTL_MS / 6) });
}

/** Drops a key from this isolate's cache (after revocation or wallet deletion). */
export function forgetKey(keyHash: string): void {
  entries.delete(keyHash);
}

/** Empties the cache: wallet deletion cannot name every key hash it removed. */
export function forgetAllKeys(): void {
  entries.clear();
}
