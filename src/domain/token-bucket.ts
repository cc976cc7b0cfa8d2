/**
 * Token buckets for a wallet's rates: a bucket holds at most `capacity` tokens, refills at
 * `perSecond`, and a request of cost n takes n tokens or none. Pure: the caller passes the clock.
 */

/** A bucket's level at a moment. */
export interface Bucket {
  tokens: number;
  atMs: number;
}

/** A rate: how many at once, and how fast they come back. */
export interface Rate {
  capacity: number;
  perSecond: number;
}

/** What taking from a bucket came to; the numbers fill Retry-After and the RateLimit fields. */
export interface TakeResult {
  allowed: boolean;
  /** Whole tokens left after this request. */
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** Seconds until this request would fit (0 when allowed; null when it never can: cost over capacity). */
  retryAfterSeconds: number | null;
  /** Milliseconds the bucket stays below one whole token (0 when it holds one now): exact, no rounding. */
  emptyForMs: number;
}

/** A full bucket: a wallet nobody has seen starts with its whole burst. */
export function fullBucket(rate: Rate, nowMs: number): Bucket {
  return { tokens: rate.capacity, atMs: nowMs };
}

/** The bucket refilled up to now. */
export function refill(bucket: Bucket, rate: Rate, nowMs: number): Bucket {
  const elapsed = Math.max(0, nowMs - bucket.atMs) / 1000;
  return {
    tokens: Math.min(rate.capacity, bucket.tokens + elapsed * rate.perSecond),
    atMs: Math.max(nowMs, bucket.atMs),
  };
}

/** Takes `cost` tokens when the bucket holds them; returns the new bucket and the verdict. */
export function take(
  bucket: Bucket,
  rate: Rate,
  cost: number,
  nowMs: number,
): { bucket: Bucket; result: TakeResult } {
  const current = refill(bucket, rate, nowMs);
  const allowed = cost <= current.tokens;
  const after = allowed ? { ...current, tokens: current.tokens - cost } : current;
  const untilFull =
    rate.perSecond > 0 ? Math.ceil((rate.capacity - after.tokens) / rate.perSecond) : 0;
  let retryAfterSeconds: number | null = 0;
  if (!allowed)
    retryAfterSeconds =
      cost > rate.capacity || rate.perSecond <= 0
        ? null
        : Math.max(1, Math.ceil((cost - current.tokens) / rate.perSecond));
  return {
    bucket: after,
    result: {
      allowed,
      remaining: Math.floor(after.tokens),
      resetSeconds: untilFull,
      retryAfterSeconds,
      emptyForMs:
        after.tokens >= 1 || rate.perSecond <= 0 ? 0 : ((1 - after.tokens) / rate.perSecond) * 1000,
    },
  };
}
