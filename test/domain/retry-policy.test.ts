import { describe, expect, it } from "vitest";
import {
  type FailedAttempt,
  judgeResponse,
  MAX_CUSTOM_DELAYS,
  MAX_DELAY_SECONDS,
  nextRetryDelayMs,
  parseRetryAfter,
  RETRY_PRESETS,
  responseRules,
  retrySchedule,
} from "../../src/domain/retry-policy";

const NOW = Date.UTC(2025, 3, 10, 7, 19, 10);
const serverError: FailedAttempt = { statusCode: 500, timedOut: false, retryAfter: null };
const timeout: FailedAttempt = { statusCode: null, timedOut: true, retryAfter: null };
const throttled = (retryAfter: string | null = null): FailedAttempt => ({
  statusCode: 429,
  timedOut: false,
  retryAfter,
});
const unavailable = (retryAfter: string | null = null): FailedAttempt => ({
  statusCode: 503,
  timedOut: false,
  retryAfter,
});
const mid = () => 0.5; // no jitter: 0.8 + 0.4 × 0.5 = 1
const low = () => 0;
const high = () => 1 - Number.EPSILON;

describe("retrySchedule", () => {
  it("gives Svix's schedule for the standard preset: 8 attempts over about 28 hours", () => {
    const schedule = retrySchedule({ preset: "standard" });
    expect(schedule).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000]);
    expect(schedule.reduce((a, b) => a + b, 0) / 3600).toBeCloseTo(27.6, 1);
  });

  it("gives Identus' 3 attempts 5 s apart and no retries for none", () => {
    expect(retrySchedule({ preset: "identus" })).toEqual([5, 5]);
    expect(retrySchedule({ preset: "none" })).toEqual([]);
    expect(RETRY_PRESETS.identus).toEqual([5, 5]);
  });

  it("keeps the presets immutable", () => {
    expect(Object.isFrozen(RETRY_PRESETS.standard)).toBe(true);
    expect(() => (RETRY_PRESETS.standard as number[]).push(1)).toThrow();
  });

  it("returns a custom schedule as given, up to 20 delays of at most a day", () => {
    expect(retrySchedule({ schedule: [1, 2, 3] })).toEqual([1, 2, 3]);
    expect(retrySchedule({ schedule: [] })).toEqual([]);
    const longest = Array.from({ length: MAX_CUSTOM_DELAYS }, () => MAX_DELAY_SECONDS);
    expect(retrySchedule({ schedule: longest })).toHaveLength(20);
  });

  it("refuses a custom schedule that is too long or has a delay out of range", () => {
    expect(() => retrySchedule({ schedule: Array.from({ length: 21 }, () => 1) })).toThrow(
      RangeError,
    );
    for (const bad of [-1, 86401, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => retrySchedule({ schedule: [5, bad] })).toThrow(RangeError);
    }
  });
});

describe("nextRetryDelayMs", () => {
  const standard = RETRY_PRESETS.standard;

  it("uses the delay after the attempt that just failed", () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((n) =>
      nextRetryDelayMs(standard, n, serverError, NOW, mid),
    );
    expect(delays).toEqual([
      5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
    ]);
  });

  it("returns null once the schedule is exhausted", () => {
    expect(nextRetryDelayMs(standard, 8, serverError, NOW, mid)).toBeNull();
    expect(nextRetryDelayMs([5, 5], 2, serverError, NOW, mid)).toBe(5_000);
    expect(nextRetryDelayMs([5, 5], 3, serverError, NOW, mid)).toBeNull();
    expect(nextRetryDelayMs([], 1, serverError, NOW, mid)).toBeNull();
  });

  it("reads zero attempts made as the first failure", () => {
    expect(nextRetryDelayMs(standard, 0, serverError, NOW, mid)).toBe(5_000);
  });

  it("applies -20% jitter at random() = 0 and just under +20% as random() approaches 1", () => {
    expect(nextRetryDelayMs(standard, 2, serverError, NOW, low)).toBe(240_000);
    expect(nextRetryDelayMs(standard, 2, serverError, NOW, high)).toBe(360_000);
  });

  it("keeps every jittered delay within ±20% and spreads them over that range", () => {
    const samples = Array.from(
      { length: 2000 },
      () => nextRetryDelayMs(standard, 3, serverError, NOW) ?? -1,
    );
    for (const delay of samples) {
      expect(delay).toBeGreaterThanOrEqual(1_440_000);
      expect(delay).toBeLessThanOrEqual(2_160_000);
    }
    expect(Math.min(...samples)).toBeLessThan(1_500_000);
    expect(Math.max(...samples)).toBeGreaterThan(2_100_000);
  });

  it("waits at least 60 s after a timeout or a 429, even when the schedule says less", () => {
    expect(nextRetryDelayMs(standard, 1, timeout, NOW, high)).toBe(60_000);
    expect(nextRetryDelayMs(standard, 1, throttled(), NOW, low)).toBe(60_000);
    expect(nextRetryDelayMs([0], 1, timeout, NOW, mid)).toBe(60_000);
    expect(nextRetryDelayMs(standard, 2, timeout, NOW, low)).toBe(240_000);
  });

  it("does not apply the 60 s floor to other failures", () => {
    expect(nextRetryDelayMs(standard, 1, serverError, NOW, mid)).toBe(5_000);
    expect(nextRetryDelayMs(standard, 1, unavailable(), NOW, mid)).toBe(5_000);
    expect(
      nextRetryDelayMs(
        standard,
        1,
        { statusCode: null, timedOut: false, retryAfter: null },
        NOW,
        mid,
      ),
    ).toBe(5_000);
  });

  it("honours Retry-After seconds on 429 and 503 within [delay, 2 × delay]", () => {
    expect(nextRetryDelayMs(standard, 2, unavailable("450"), NOW, mid)).toBe(450_000);
    expect(nextRetryDelayMs(standard, 2, throttled("450"), NOW, mid)).toBe(450_000);
    expect(nextRetryDelayMs(standard, 2, unavailable("10"), NOW, mid)).toBe(300_000);
    expect(nextRetryDelayMs(standard, 2, unavailable("86400"), NOW, mid)).toBe(600_000);
  });

  it("clamps Retry-After against the jittered delay", () => {
    expect(nextRetryDelayMs(standard, 2, unavailable("1000"), NOW, low)).toBe(480_000);
    expect(nextRetryDelayMs(standard, 2, unavailable("1"), NOW, low)).toBe(240_000);
  });

  it("clamps Retry-After on a 429 against the 60 s floor, not the shorter schedule", () => {
    expect(nextRetryDelayMs(standard, 1, throttled("90"), NOW, mid)).toBe(90_000);
    expect(nextRetryDelayMs(standard, 1, throttled("1"), NOW, mid)).toBe(60_000);
    expect(nextRetryDelayMs(standard, 1, throttled("3600"), NOW, mid)).toBe(120_000);
  });

  it("honours an HTTP-date Retry-After", () => {
    const inTenMinutes = new Date(NOW + 600_000).toUTCString();
    expect(nextRetryDelayMs(standard, 2, unavailable(inTenMinutes), NOW, mid)).toBe(600_000);
  });

  it("ignores Retry-After that is garbage or negative, and on other statuses", () => {
    for (const value of ["soon", "-30", "1.5", "", "  "]) {
      expect(nextRetryDelayMs(standard, 2, unavailable(value), NOW, mid)).toBe(300_000);
    }
    const other: FailedAttempt = { statusCode: 500, timedOut: false, retryAfter: "450" };
    expect(nextRetryDelayMs(standard, 2, other, NOW, mid)).toBe(300_000);
  });
});

describe("parseRetryAfter", () => {
  it("reads delta-seconds, trimming whitespace", () => {
    expect(parseRetryAfter("120", NOW)).toBe(120);
    expect(parseRetryAfter(" 0 ", NOW)).toBe(0);
  });

  it("reads the three HTTP-date forms relative to now, rounding up", () => {
    expect(parseRetryAfter("Thu, 10 Apr 2025 07:20:10 GMT", NOW)).toBe(60);
    expect(parseRetryAfter("Thursday, 10-Apr-25 07:20:10 GMT", NOW)).toBe(60);
    expect(parseRetryAfter("Thu Apr 10 07:20:10 2025", NOW)).toBe(60);
    expect(parseRetryAfter("Thu, 10 Apr 2025 07:20:10 GMT", NOW - 500)).toBe(61);
  });

  it("reads a date already past as retry now", () => {
    expect(parseRetryAfter("Thu, 10 Apr 2025 07:00:00 GMT", NOW)).toBe(0);
  });

  it("returns null when absent, negative, fractional or garbage", () => {
    for (const value of [null, "", "-5", "1.5", "1e3", "soon", "Thu, 99 Foo 2025 GMT", "0x10"]) {
      expect(parseRetryAfter(value, NOW), String(value)).toBeNull();
    }
  });
});

describe("judgeResponse", () => {
  const headers = (init: Record<string, string> = {}) => new Headers(init);

  it("treats every 2xx as success", () => {
    for (const status of [200, 201, 202, 204, 299])
      expect(judgeResponse(status, headers())).toBe("succeeded");
  });

  it("retries redirects, since they are never followed", () => {
    for (const status of [301, 302, 303, 307, 308])
      expect(judgeResponse(status, headers())).toBe("retry");
  });

  it("retries client and server errors other than 410", () => {
    for (const status of [400, 401, 404, 408, 429, 500, 502, 503, 504]) {
      expect(judgeResponse(status, headers())).toBe("retry");
    }
  });

  it("under the identus rules retries every non-2xx, 410 and webhook-delivery headers included, as the Cloud Agent does", () => {
    const directives = headers({ "webhook-delivery": "disable, abort-message" });
    for (const status of [302, 400, 404, 410, 429, 500, 503]) {
      expect(judgeResponse(status, headers(), "identus")).toBe("retry");
      expect(judgeResponse(status, directives, "identus")).toBe("retry");
    }
    for (const status of [200, 204, 299])
      expect(judgeResponse(status, directives, "identus")).toBe("succeeded");
    expect(responseRules({ preset: "identus" })).toBe("identus");
    expect(responseRules({ preset: "standard" })).toBe("standard");
    expect(responseRules({ schedule: [5, 5] })).toBe("standard");
  });

  it("disables the webhook on 410 Gone", () => {
    expect(judgeResponse(410, headers())).toBe("disable");
    expect(judgeResponse(410, headers({ "webhook-delivery": "abort-message" }))).toBe("disable");
  });

  it("disables the webhook on webhook-delivery: disable, whatever the status, a 2xx included", () => {
    for (const status of [200, 204, 302, 400, 500]) {
      expect(judgeResponse(status, headers({ "webhook-delivery": "disable" }))).toBe("disable");
    }
  });

  it("aborts the delivery on webhook-delivery: abort-message unless it succeeded", () => {
    for (const status of [302, 400, 429, 500, 503]) {
      expect(judgeResponse(status, headers({ "webhook-delivery": "abort-message" }))).toBe("abort");
    }
    expect(judgeResponse(200, headers({ "webhook-delivery": "abort-message" }))).toBe("succeeded");
  });

  it("reads the header name and value case-insensitively, trimmed, as a list", () => {
    expect(judgeResponse(500, headers({ "Webhook-Delivery": " DISABLE " }))).toBe("disable");
    expect(judgeResponse(500, headers({ "WEBHOOK-DELIVERY": "Abort-Message" }))).toBe("abort");
    expect(judgeResponse(500, headers({ "webhook-delivery": "abort-message, disable" }))).toBe(
      "disable",
    );
  });

  it("ignores unknown webhook-delivery values", () => {
    expect(judgeResponse(500, headers({ "webhook-delivery": "pause" }))).toBe("retry");
    expect(judgeResponse(200, headers({ "webhook-delivery": "disabled" }))).toBe("succeeded");
  });
});
