// Per-isolate cache of presented API key -> what it grants, so a request with a known key costs
// neither a D1 read nor a SHA-256 (a few per cent of the ingest route's own CPU). It is keyed by
// the key itself, which this isolate holds anyway while it serves the request (keys longer than
// a wallet key never get here, so 10,000 entries stay within a few MB); the hash rides along so
// revocation, which knows only the hash, can find the entry.
//
// Revocation bound: every revocation and wallet deletion bumps one D1 counter (auth_epoch).
// Before trusting an entry, an isolate makes sure it has read that counter within the last
// EPOCH_CHECK_MS (one small read a second per isolate, shared by concurrent requests, never a
// write); when it moved, the whole cache goes. So a revoked key or deleted wallet stops working
// everywhere within EPOCH_CHECK_MS (plus one D1 read) of the revocation committing. An isolate
// that cannot read D1 keeps trusting its entries until they end (TTL_MS): ingest with a known
// key survives a D1 outage, as it did before the counter.
import type { KeyScope } from "../domain/key-scopes";
import { logger } from "../observability/logger";

/** What a live key grants. */
export interface KeyGrant {
  walletId: string;
  keyId: string;
  scopes: readonly KeyScope[];
  expiresAt: string | null;
}

/** How stale this isolate's view of revocations may be. */
export const EPOCH_CHECK_MS = 1_000;
const TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;
const entries = new Map<string, { keyHash: string; grant: KeyGrant | null; expires: number }>();

let epoch: number | null = null;
let epochReadAt = Number.NEGATIVE_INFINITY;
let epochRead: Promise<void> | null = null;

/**
 * Makes sure the revocation counter was read at most EPOCH_CHECK_MS before `now`, emptying the
 * cache when it moved. Concurrent callers share one read.
 */
export async function checkRevocations(readEpoch: () => Promise<number>, now: number) {
  if (now - epochReadAt < EPOCH_CHECK_MS) return;
  epochRead ??= (async () => {
    try {
      const current = await readEpoch();
      if (epoch !== null && current !== epoch) entries.clear();
      epoch = current;
      // The read's start: what it saw was committed by then at the latest.
      epochReadAt = Math.max(epochReadAt, now);
    } catch (err) {
      // D1 unreachable: keep what is cached (each entry still ends after TTL_MS), so ingest
      // with a known key keeps working through an outage; the next request tries again.
      logger.warn("reading the revocation counter failed", { error: String(err) });
    } finally {
      epochRead = null;
    }
  })();
  await epochRead;
}

/** Whether this isolate read the revocation counter within EPOCH_CHECK_MS of `now` (no read needed). */
export function revocationsFresh(now: number): boolean {
  return now - epochReadAt < EPOCH_CHECK_MS;
}

/** The cached grant for a presented key (null = known bad), or undefined on a miss. */
export function cachedGrant(key: string, now: number): KeyGrant | null | undefined {
  const hit = entries.get(key);
  if (!hit) return undefined;
  if (hit.expires < now) {
    entries.delete(key);
    return undefined;
  }
  return hit.grant;
}

/** Remembers a lookup result (misses too, briefly, so a flood of bad keys cannot hammer D1). */
export function rememberGrant(
  key: string,
  keyHash: string,
  grant: KeyGrant | null,
  now: number,
): void {
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
  entries.set(key, { keyHash, grant, expires: now + (grant ? TTL_MS : TTL_MS / 6) });
}

/** Drops a key from this isolate's cache (after revocation): a scan, since revocation is rare. */
export function forgetKey(keyHash: string): void {
  for (const [key, entry] of entries) if (entry.keyHash === keyHash) entries.delete(key);
}

/** Empties the cache: wallet deletion cannot name every key hash it removed. */
export function forgetAllKeys(): void {
  entries.clear();
}
