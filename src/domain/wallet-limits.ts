import { z } from "zod";

/** An earlier attempt (one another attempt follows) keeps at most this much of the answer. */
export const EARLIER_ATTEMPT_EXCERPT_BYTES = 1024;
/** The most any attempt keeps: 16 KiB, the ceiling of the attemptExcerptBytes override. */
export const MAX_ATTEMPT_EXCERPT_BYTES = 16 * 1024;

const count = z.number().int().min(0).max(1_000_000);

/**
 * A wallet's limits (README, "Limits"): counts it may hold, rates it may use, bytes it may keep,
 * each with the range an admin's override may take. The one list of limits: their names, the
 * WalletLimits type and the override schema all come from it, so adding a limit starts here.
 * Defaults come from the settings (repositories/wallet-limits.ts); the admin overrides any of them
 * per wallet.
 */
const limitRanges = {
  /** Webhooks the wallet may have. */
  webhooks: count,
  /** Event types the wallet may register. */
  eventTypes: count,
  /** Distinct notify URLs the wallet's events may name per UTC day. */
  notifyUrlsPerDay: count,
  /** Events per second ingest accepts (token bucket refill). */
  ingestPerSecond: z.number().int().min(1).max(100_000),
  /** Events ingest accepts at once after a quiet spell (token bucket size). */
  ingestBurst: z.number().int().min(1).max(100_000),
  /** Test sends (POST /v1/webhooks/{id}/test) per minute. */
  testSendsPerMinute: count,
  /** Doctor runs per minute. */
  doctorRunsPerMinute: count,
  /** Recover calls (POST /v1/webhooks/{id}/recover) per hour. */
  recoversPerHour: count,
  /** Open live event streams (GET /v1/events/stream). */
  streamListeners: z.number().int().min(0).max(200),
  /** Bytes of the receiver's answer kept for the attempt that ends a delivery (earlier ones keep at most 1 KiB). */
  attemptExcerptBytes: z
    .number()
    .int()
    .min(EARLIER_ATTEMPT_EXCERPT_BYTES)
    .max(MAX_ATTEMPT_EXCERPT_BYTES),
};

/** A limit's name, as the API spells it. */
export type LimitName = keyof typeof limitRanges;

/** The limits in force for a wallet: one whole number per limit. */
export type WalletLimits = { [Name in keyof typeof limitRanges]: number };

/** The names of the limits, in the order the API lists them. */
export const LIMIT_NAMES = Object.keys(limitRanges) as readonly LimitName[];

/** The overrides the admin may set: any subset, each a whole number; null removes an override. */
export const limitOverridesSchema = z.object(limitRanges).partial();

/** Stored overrides: only the limits the admin changed. */
export type LimitOverrides = Partial<WalletLimits>;

/** The limits in force: the overrides over the defaults; a burst is never below the rate. */
export function effectiveLimits(defaults: WalletLimits, overrides: LimitOverrides): WalletLimits {
  const limits = { ...defaults, ...overrides };
  limits.ingestBurst = Math.max(limits.ingestBurst, limits.ingestPerSecond);
  return limits;
}

/** Bytes of a receiver's answer an attempt keeps: the full allowance for the attempt that ends the delivery, 1 KiB for one another attempt follows. */
export function excerptBytesFor(isLast: boolean, allowance: number): number {
  const full = Math.min(allowance, MAX_ATTEMPT_EXCERPT_BYTES);
  return isLast ? full : Math.min(full, EARLIER_ATTEMPT_EXCERPT_BYTES);
}

/** The rates a wallet's limiter counts. */
export type RateKind = "ingest" | "testSend" | "doctorRun" | "recover";

/** A rate's bucket and the policy its RateLimit fields announce. */
export function rateOf(
  kind: RateKind,
  limits: WalletLimits,
): {
  capacity: number;
  perSecond: number;
  policy: { name: string; quota: number; windowSeconds: number };
} {
  const perWindow = (quota: number, windowSeconds: number, name: string) => ({
    capacity: quota,
    perSecond: quota / windowSeconds,
    policy: { name, quota, windowSeconds },
  });
  switch (kind) {
    case "ingest":
      return {
        capacity: limits.ingestBurst,
        perSecond: limits.ingestPerSecond,
        policy: { name: "ingest", quota: limits.ingestPerSecond, windowSeconds: 1 },
      };
    case "testSend":
      return perWindow(limits.testSendsPerMinute, 60, "test-sends");
    case "doctorRun":
      return perWindow(limits.doctorRunsPerMinute, 60, "doctor-runs");
    case "recover":
      return perWindow(limits.recoversPerHour, 3600, "recovers");
  }
}

/** Requests per minute a wallet key may make to the API's other writing routes (the WRITE_LIMITER binding's limit in wrangler.toml). */
export const WRITE_REQUESTS_PER_MINUTE = 600;
/** Requests per minute a wallet key may make to reading routes (the READ_LIMITER binding's limit). */
export const READ_REQUESTS_PER_MINUTE = 3000;
