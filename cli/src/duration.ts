import { usageError } from "./errors.ts";

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `--since`: a duration back from now (`90s`, `30m`, `1h`, `2d`) or an ISO-8601 time; as ISO. */
export function sinceFlag(value: string | undefined, nowMs = Date.now()): string {
  if (!value) throw usageError("--since is required: a duration such as 1h, or an ISO-8601 time");
  const match = value.match(/^(\d+)([smhd])$/);
  if (match) return new Date(nowMs - Number(match[1]) * UNITS[match[2]!]! * 1000).toISOString();
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}T/.test(value))
    throw usageError(
      `--since must be a duration (30m, 1h, 2d) or an ISO-8601 time, not "${value}"`,
    );
  return new Date(ms).toISOString();
}
