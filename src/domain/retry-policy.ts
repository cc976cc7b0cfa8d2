/**
 * When to try a delivery again, and what one HTTP response means for it.
 * Pure: the caller passes the clock and, in tests, the random source.
 */

/** Named schedules: Svix's default (8 attempts over ~28 h), Identus' 3 attempts 5 s apart, and no retries. */
export const RETRY_PRESETS: {
  readonly standard: readonly number[];
  readonly identus: readonly number[];
  readonly none: readonly number[];
} = Object.freeze({
  // Frozen because retrySchedule hands these arrays out to callers.
  standard: Object.freeze([5, 300, 1800, 7200, 18000, 36000, 36000]),
  identus: Object.freeze([5, 5]),
  none: Object.freeze([]),
});

/** A webhook's retry setting: a preset name or its own delays in seconds. */
export type RetryConfig = { preset: "standard" | "identus" | "none" } | { schedule: number[] };

/** At most this many delays in a custom schedule (so at most 21 attempts). */
export const MAX_CUSTOM_DELAYS = 20;
/** No single delay is longer than a day. */
export const MAX_DELAY_SECONDS = 86400;

const JITTER = 0.2;
const MIN_DELAY_AFTER_THROTTLE_MS = 60_000;

/** The delays (seconds) after each failed attempt. */
export function retrySchedule(config: RetryConfig): readonly number[] {
  if ("preset" in config) return RETRY_PRESETS[config.preset];
  // Validation belongs to the API's zod schema; this is the backstop for stored configs.
  const { schedule } = config;
  if (schedule.length > MAX_CUSTOM_DELAYS)
    throw new RangeError(`a schedule has at most ${MAX_CUSTOM_DELAYS} delays`);
  for (const delay of schedule) {
    if (!Number.isFinite(delay) || delay < 0 || delay > MAX_DELAY_SECONDS) {
      throw new RangeError(`retry delays are 0..${MAX_DELAY_SECONDS} seconds`);
    }
  }
  return schedule;
}

/** What the sender observed about one failed attempt. */
export interface FailedAttempt {
  /** null when no response arrived (network error or timeout). */
  statusCode: number | null;
  timedOut: boolean;
  /** The raw Retry-After header value, if any. */
  retryAfter: string | null;
}

/**
 * Milliseconds until the next attempt after `attemptsMade` failed attempts, or null when the schedule is exhausted. Applies ±20% jitter (random in [0,1)), at least 60 s after a timeout or a 429, and honours Retry-After on 429/503 clamped to [delay, 2 × delay].
 *
 * Rules, in this order:
 * 1. d = schedule[attemptsMade - 1] seconds; none left means null. attemptsMade below 1 is read as 1.
 * 2. Jitter: d × (0.8 + 0.4 × random()), so d lands in [0.8 d, 1.2 d).
 * 3. After a timeout or a 429, d is at least 60 s: a receiver that is slow or throttling needs a pause.
 * 4. On 429 or 503 with a parseable Retry-After r: the result is r clamped to [d, 2 d], d being the
 *    value after steps 2 and 3, so the receiver can slow us down but never stall a delivery for long
 *    nor make us come back sooner than the schedule (or the 60 s floor) says.
 * The result is rounded to whole milliseconds.
 */
export function nextRetryDelayMs(
  schedule: readonly number[],
  attemptsMade: number,
  failure: FailedAttempt,
  nowMs: number,
  random: () => number = Math.random,
): number | null {
  const scheduled = schedule[Math.max(0, attemptsMade - 1)];
  if (scheduled === undefined) return null;
  let delayMs = scheduled * 1000 * (1 - JITTER + 2 * JITTER * random());
  const status = failure.statusCode;
  if (failure.timedOut || status === 429) delayMs = Math.max(delayMs, MIN_DELAY_AFTER_THROTTLE_MS);
  if (status === 429 || status === 503) {
    const retryAfterSec = parseRetryAfter(failure.retryAfter, nowMs);
    if (retryAfterSec !== null)
      delayMs = Math.min(Math.max(retryAfterSec * 1000, delayMs), 2 * delayMs);
  }
  return Math.round(delayMs);
}

/** Seconds from a Retry-After value (delta-seconds or HTTP-date), or null when absent/garbage/negative. A date already past is 0 (retry now). */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  // Date.parse accepts nearly anything ("1.5", "2024"); only a weekday-led HTTP-date is taken as one.
  // Covers IMF-fixdate, RFC 850 and asctime, the three forms RFC 9110 lets a sender use.
  if (!/^(mon|tue|wed|thu|fri|sat|sun)[a-z]*,? /i.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/** What a response means: done, try again later, stop the webhook, or stop this delivery. */
export type ResponseVerdict = "succeeded" | "retry" | "disable" | "abort";

/**
 * How responses are read: `standard` (Svix's rules, below) or `identus`, the Cloud Agent's own:
 * any status outside 2xx is tried again, 410 and the `webhook-delivery` header included.
 */
export type ResponseRules = "standard" | "identus";

/** The response rules that go with a retry setting: the `identus` preset brings the Cloud Agent's. */
export function responseRules(config: RetryConfig): ResponseRules {
  return "preset" in config && config.preset === "identus" ? "identus" : "standard";
}

/**
 * How one HTTP response ends an attempt: 2xx succeeds; 410 or `webhook-delivery: disable` disables the webhook; `webhook-delivery: abort-message` ends the delivery as failed; anything else (3xx included) is retried.
 *
 * Precedence: `disable` (header, on any status, a 2xx included, as Svix does: the receiver
 * asked us to stop) and 410 first; then 2xx succeeds, so `abort-message` on a 2xx is a success
 * (the message arrived; there is nothing left to abort); then `abort-message`; then retry.
 * A "disable" on a 2xx still means the receiver got this delivery: the caller may record it
 * as succeeded while disabling the webhook. Header values are compared case-insensitively,
 * and a comma-separated list is read token by token.
 */
export function judgeResponse(
  status: number,
  headers: Headers,
  rules: ResponseRules = "standard",
): ResponseVerdict {
  if (rules === "identus") return status >= 200 && status <= 299 ? "succeeded" : "retry";
  const directives = (headers.get("webhook-delivery") ?? "")
    .split(",")
    .map((token) => token.trim().toLowerCase());
  if (status === 410 || directives.includes("disable")) return "disable";
  if (status >= 200 && status <= 299) return "succeeded";
  if (directives.includes("abort-message")) return "abort";
  return "retry";
}
