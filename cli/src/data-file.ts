import { readFileSync } from "node:fs";
import { CliError } from "./errors.ts";

/** `--data`: `@file.json` or inline JSON; it must hold a JSON object. */
export function readDataFlag(value: string): Record<string, unknown> {
  const fromFile = value.startsWith("@");
  const where = fromFile ? value.slice(1) : "--data";
  let text = value;
  if (fromFile) {
    try {
      text = readFileSync(where, "utf8");
    } catch (err) {
      const code = (err as { code?: string }).code;
      throw new CliError(`cannot read ${where}: ${code === "ENOENT" ? "no such file" : code}`);
    }
  }
  return readJsonObject(text, where);
}

/** Parses text that must be a JSON object; the error names where it came from and why. */
export function readJsonObject(text: string, where: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new CliError(`${where} is not valid JSON: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
    throw new CliError(`${where} must hold a JSON object`);
  return parsed as Record<string, unknown>;
}

/** Reads a file that must hold a JSON object. */
export function readJsonFile(file: string): Record<string, unknown> {
  return readDataFlag(`@${file}`);
}
