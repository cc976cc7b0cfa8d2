import type { Context } from "./context.ts";
import { requireKey } from "./context.ts";
import { CliError, describeError } from "./errors.ts";

const TIMEOUT_MS = 30_000;

/** The one-line error for a problem+json (or any non-2xx) answer from Herald. */
export async function problemError(res: Response, what: string): Promise<CliError> {
  const text = await res.text().catch(() => "");
  let detail = text.slice(0, 300);
  try {
    const problem = JSON.parse(text) as { title?: string; detail?: string };
    detail = [problem.title, problem.detail].filter(Boolean).join(": ") || detail;
  } catch {
    // Not JSON: the raw excerpt is the best there is.
  }
  if (res.status === 401)
    return new CliError(`Herald refused the API key (401): pass --key or run herald login again`);
  return new CliError(`${what} failed: ${res.status} ${detail}`.trim());
}

/** The error for a Herald that cannot be reached at all. */
export function unreachable(ctx: Context, err: unknown): CliError {
  return new CliError(`cannot reach Herald at ${ctx.url}: ${describeError(err)}`);
}

/** A fetch to Herald with the key; network failures become a one-line CliError. */
export async function heraldFetch(
  ctx: Context,
  path: string,
  init: RequestInit = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${requireKey(ctx)}`);
  if (init.body !== undefined) headers.set("content-type", "application/json");
  try {
    return await fetch(`${ctx.url}${path}`, {
      signal: AbortSignal.timeout(TIMEOUT_MS),
      ...init,
      headers,
    });
  } catch (err) {
    throw unreachable(ctx, err);
  }
}

/** A JSON call to Herald: the parsed body of a 2xx, else a one-line CliError naming `what`. */
export async function heraldJson<T>(
  ctx: Context,
  what: string,
  path: string,
  init: RequestInit = {},
): Promise<T> {
  const res = await heraldFetch(ctx, path, init);
  if (!res.ok) throw await problemError(res, what);
  return (await res.json()) as T;
}
