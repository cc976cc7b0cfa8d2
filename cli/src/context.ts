import { CliError } from "./errors.ts";
import { readProfile } from "./profile.ts";

/** Where `npm start` serves Herald. */
export const DEFAULT_URL = "http://localhost:8787";

/** Where Herald is and which key to use, from flags, then the environment, then the saved profile. */
export interface Context {
  url: string;
  key: string | undefined;
  json: boolean;
}

/** Resolves the global flags. */
export function contextOf(values: { url?: string; key?: string; json?: boolean }): Context {
  const profile = readProfile();
  const url = values.url ?? process.env.HERALD_URL ?? profile.url ?? DEFAULT_URL;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error();
  } catch {
    throw new CliError(`--url must be an http(s) URL, not "${url}"`, 2);
  }
  return {
    url: url.replace(/\/+$/, ""),
    key: values.key ?? process.env.HERALD_API_KEY ?? profile.key,
    json: values.json ?? false,
  };
}

/** The key, or the error that says how to give one. */
export function requireKey(ctx: Context): string {
  if (!ctx.key)
    throw new CliError("no API key: pass --key, set HERALD_API_KEY, or run herald login", 2);
  return ctx.key;
}
