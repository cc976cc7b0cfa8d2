/** What a webhook object knows when it decides when to run next. All times are unix ms. */
export interface WakeInputs {
  now: number;
  /** When the next delivery falls due; null when nothing is open or the webhook is disabled. */
  nextDueAt: number | null;
  /** Earliest next send the rate limit allows; null without a rate limit. */
  pacedUntil: number | null;
  /** When the first open delivery's event expires; null when none does. */
  nextExpiryAt: number | null;
  /** True while delivery states or attempts have not reached D1. */
  unmirrored: boolean;
  /** When the object means to mirror them (it batches the mirror in time); now + MIRROR_CATCH_UP_MS when absent. */
  mirrorDueAt?: number;
  /** Runs that failed in a row (an exception, not a receiver's answer). */
  failures: number;
}

/** The mirror catches up at most this long after the last change, even with nothing to send. */
export const MIRROR_CATCH_UP_MS = 5_000;
const MAX_FAILURE_BACKOFF_MS = 60_000;

/**
 * When the object's alarm should fire next, or null for no alarm. Sends wait for their due time
 * and the rate limit; an expiry or unmirrored state brings the alarm forward (an expired fifo head
 * must not hold back the deliveries behind it until its retry time); failing runs back off
 * exponentially up to a minute. Never earlier than now.
 */
export function nextWakeAt(inputs: WakeInputs): number | null {
  const { now } = inputs;
  let next = inputs.nextDueAt;
  if (next !== null && inputs.pacedUntil !== null) next = Math.max(next, inputs.pacedUntil);
  if (inputs.nextExpiryAt !== null) next = Math.min(next ?? Infinity, inputs.nextExpiryAt);
  if (inputs.unmirrored)
    next = Math.min(
      next ?? Infinity,
      Math.min(inputs.mirrorDueAt ?? Infinity, now + MIRROR_CATCH_UP_MS),
    );
  if (inputs.failures > 0)
    next = Math.max(
      next ?? now,
      now + Math.min(MAX_FAILURE_BACKOFF_MS, 1000 * 2 ** inputs.failures),
    );
  return next === null ? null : Math.max(next, now);
}
