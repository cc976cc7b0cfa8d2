import type { RateVerdict } from "../domain/rate-verdicts";

/**
 * Wallets whose ingest bucket is known to hold less than one token, per isolate: a flood is
 * answered 429 here, without a call to the wallet's limiter object. The object said how long
 * the bucket stays below a token (it cannot refill faster), so this refuses nothing the object
 * would have admitted (give or take the call's round trip), unless the admin raised the rate
 * meanwhile from another isolate.
 */
const empty = new Map<string, { untilMs: number; verdict: RateVerdict }>();
// Bounded: a flood of many wallets costs at most this many entries per isolate.
const MAX_ENTRIES = 10_000;

/** Remembers a refusal of the wallet's ingest for as long as its bucket stays below a token. */
export function noteEmptyBucket(walletId: string, verdict: RateVerdict, nowMs: number): void {
  if (verdict.emptyForMs <= 0) return;
  if (empty.size >= MAX_ENTRIES) empty.clear();
  empty.set(walletId, { untilMs: nowMs + verdict.emptyForMs, verdict });
}

/** The refusal still in force for the wallet, with its seconds left, or null. */
export function knownEmptyBucket(
  walletId: string,
  nowMs: number,
): { verdict: RateVerdict; leftMs: number } | null {
  const hit = empty.get(walletId);
  if (!hit) return null;
  if (hit.untilMs <= nowMs) {
    empty.delete(walletId);
    return null;
  }
  return { verdict: hit.verdict, leftMs: hit.untilMs - nowMs };
}

/** Forgets a wallet's refusal: its limits changed. */
export function forgetEmptyBucket(walletId: string): void {
  empty.delete(walletId);
}
