import { type ParseArgsConfig, parseArgs } from "node:util";
import { usageError } from "./errors.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Flags every command takes. */
export const GLOBAL_OPTIONS = {
  url: { type: "string" },
  key: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies Options;

/** Parses a command's arguments with the global flags; a wrong flag is a usage error (exit 2). */
export function parseCommand<const T extends Options>(args: string[], options: T) {
  try {
    return parseArgs({
      args,
      options: { ...GLOBAL_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw usageError((err as Error).message.replace(/\. To specify.*$/s, "").split("\n")[0]!);
  }
}

/** The positional at `index`, or a usage error naming what is missing. */
export function positional(positionals: string[], index: number, what: string): string {
  const value = positionals[index];
  if (value === undefined || value === "") throw usageError(`missing ${what}`);
  return value;
}

/** Refuses positionals past the expected count. */
export function noMorePositionals(positionals: string[], count: number): void {
  if (positionals.length > count) throw usageError(`unexpected argument "${positionals[count]}"`);
}

/** A whole number flag within bounds, or a usage error. */
export function intFlag(
  value: string | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw usageError(`--${name} must be a whole number from ${min} to ${max}`);
  return n;
}
