import { afterEach, describe, expect, it, vi } from "vitest";
import { formatLine, logger } from "../../src/observability/logger";

afterEach(() => vi.restoreAllMocks());

describe("the logger", () => {
  it("writes one JSON object a line, level and msg first, then the fields given", () => {
    const out = vi.spyOn(console, "log").mockImplementation(() => {});
    logger.info("delivery attempt", { requestId: "req-1", attempt: 2 });
    expect(out).toHaveBeenCalledTimes(1);
    const line = out.mock.calls[0]![0] as string;
    expect(line).not.toContain("\n");
    expect(Object.keys(JSON.parse(line))).toEqual(["level", "msg", "requestId", "attempt"]);
    expect(JSON.parse(line)).toEqual({
      level: "info",
      msg: "delivery attempt",
      requestId: "req-1",
      attempt: 2,
    });
  });

  it("sends warn and error to console.warn and console.error, with their level in the line", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    logger.warn("careful", { webhookId: "wh_1" });
    logger.error("broken", { deliveryId: "d_1" });
    expect(JSON.parse(warn.mock.calls[0]![0] as string)).toMatchObject({ level: "warn" });
    expect(JSON.parse(error.mock.calls[0]![0] as string)).toMatchObject({
      level: "error",
      msg: "broken",
      deliveryId: "d_1",
    });
  });

  it("does not let a field named level or msg overwrite the line's own", () => {
    expect(JSON.parse(formatLine("info", "real", { level: "error", msg: "fake", n: 1 }))).toEqual({
      level: "info",
      msg: "real",
      n: 1,
    });
  });

  it("writes an Error as its message instead of {}", () => {
    const line = JSON.parse(formatLine("error", "failed", { error: new TypeError("bad url") }));
    expect(line.error).toBe("TypeError: bad url");
  });

  it("still writes the line when a field cannot be serialised", () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const line = JSON.parse(formatLine("warn", "odd", { cycle }));
    expect(line).toMatchObject({ level: "warn", msg: "odd" });
    expect(line.logError).toMatch(/circular/i);
  });
});
