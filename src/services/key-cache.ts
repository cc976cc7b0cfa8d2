// Per-isolate cache of presented API key -> wallet id, so a request with a known key costs
// neither a D1 read nor a SHA-256 (a few per cent of the ingest route's own CPU). It is
// keyed by the key itself, which this isolate holds anyway while it serves the request (keys
// longer than a wallet key never get here, so 10,000 entries stay within a few MB); the hash rides
// along so revocation, which knows only the hash, can find the entry. A revoked key stops
// working at once in the isolate that revoked it and within TTL_MS elsewhere.
const TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;
const entries = new Map<string, { keyHash: string; walletId: string | null; expires: number }>();

/** The cached wallet for a presented key (null = known bad), or undefined on a miss. */
export function cachedWallet(key: string, now: number): string | null | undefined {
  const hit = entries.get(key);
  if (!hit) return undefined;
  if (hit.expires < now) {
    entries.delete(key);
    return undefined;
  }
  return hit.walletId;
}

/** Remembers a lookup result (misses too, briefly, so a flood of bad keys cannot hammer D1). */
export function rememberWallet(
  key: string,
  keyHash: string,
  walletId: string | null,
  now: number,
): void {
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
  entries.set(key, { keyHash, walletId, expires: now + (walletId ? TTL_MS : TTL_MS / 6) });
}

/** Drops a key from this isolate's cache (after revocation): a scan, since revocation is rare. */
export function forgetKey(keyHash: string): void {
  for (const [key, entry] of entries) if (entry.keyHash === keyHash) entries.delete(key);
}

/** Empties the cache: wallet deletion cannot name every key hash it removed. */
export function forgetAllKeys(): void {
  entries.clear();
}
