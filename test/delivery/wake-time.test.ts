import { describe, expect, it } from "vitest";
import { MIRROR_CATCH_UP_MS, nextWakeAt, type WakeInputs } from "../../src/delivery/wake-time";

const NOW = 1_700_000_000_000;
const idle: WakeInputs = {
  now: NOW,
  nextDueAt: null,
  pacedUntil: null,
  nextExpiryAt: null,
  unmirrored: false,
  failures: 0,
};

describe("nextWakeAt", () => {
  it("sets no alarm when nothing is open, nothing expires and D1 is up to date", () => {
    expect(nextWakeAt(idle)).toBeNull();
  });

  it("wakes when the next delivery falls due", () => {
    expect(nextWakeAt({ ...idle, nextDueAt: NOW + 5_000 })).toBe(NOW + 5_000);
  });

  it("never sets an alarm in the past", () => {
    expect(nextWakeAt({ ...idle, nextDueAt: NOW - 10_000 })).toBe(NOW);
  });

  it("waits for the rate limit when it allows the next send later than it falls due", () => {
    expect(nextWakeAt({ ...idle, nextDueAt: NOW, pacedUntil: NOW + 500 })).toBe(NOW + 500);
    expect(nextWakeAt({ ...idle, nextDueAt: NOW + 2_000, pacedUntil: NOW + 500 })).toBe(
      NOW + 2_000,
    );
  });

  it("ignores the rate limit when nothing is due", () => {
    expect(nextWakeAt({ ...idle, pacedUntil: NOW + 500 })).toBeNull();
  });

  it("wakes at an expiry that comes before the retry, so a lapsed fifo head stops holding the queue", () => {
    expect(nextWakeAt({ ...idle, nextDueAt: NOW + 3_600_000, nextExpiryAt: NOW + 60_000 })).toBe(
      NOW + 60_000,
    );
  });

  it("wakes at an expiry even while the webhook sends nothing (disabled)", () => {
    expect(nextWakeAt({ ...idle, nextExpiryAt: NOW + 60_000 })).toBe(NOW + 60_000);
  });

  it("brings the alarm forward so unmirrored state reaches D1 soon", () => {
    expect(nextWakeAt({ ...idle, unmirrored: true })).toBe(NOW + MIRROR_CATCH_UP_MS);
    expect(nextWakeAt({ ...idle, nextDueAt: NOW + 3_600_000, unmirrored: true })).toBe(
      NOW + MIRROR_CATCH_UP_MS,
    );
    expect(nextWakeAt({ ...idle, nextDueAt: NOW + 1_000, unmirrored: true })).toBe(NOW + 1_000);
  });

  it("wakes when the object's batched mirror is due, and never later than the catch-up bound", () => {
    expect(nextWakeAt({ ...idle, unmirrored: true, mirrorDueAt: NOW + 1_000 })).toBe(NOW + 1_000);
    expect(nextWakeAt({ ...idle, unmirrored: true, mirrorDueAt: NOW + 60_000 })).toBe(
      NOW + MIRROR_CATCH_UP_MS,
    );
    expect(nextWakeAt({ ...idle, unmirrored: false, mirrorDueAt: NOW + 1_000 })).toBeNull();
  });

  it("backs off exponentially after failed runs, up to a minute", () => {
    expect(nextWakeAt({ ...idle, nextDueAt: NOW, failures: 1 })).toBe(NOW + 2_000);
    expect(nextWakeAt({ ...idle, nextDueAt: NOW, failures: 3 })).toBe(NOW + 8_000);
    expect(nextWakeAt({ ...idle, nextDueAt: NOW, failures: 20 })).toBe(NOW + 60_000);
    // A failing run re-arms even with nothing known to be due: the chain must not stop.
    expect(nextWakeAt({ ...idle, failures: 1 })).toBe(NOW + 2_000);
    expect(nextWakeAt({ ...idle, nextDueAt: NOW + 120_000, failures: 1 })).toBe(NOW + 120_000);
  });
});
