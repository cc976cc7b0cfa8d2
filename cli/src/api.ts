import { createHeraldClient, type HeraldClient } from "@herald/client";
import type { Context } from "./context.ts";
import { requireKey } from "./context.ts";
import { CliError } from "./errors.ts";
import { unreachable } from "./http.ts";

/** The typed client for this context (URL and key from flags, env or profile). */
export function heraldClient(ctx: Context): HeraldClient {
  return createHeraldClient({ baseUrl: ctx.url, apiKey: requireKey(ctx) });
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Awaits one client call: its data on success, else a one-line CliError naming `what`. */
export async function call<T>(ctx: Context, what: string, request: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await request;
  } catch (err) {
    throw unreachable(ctx, err);
  }
  const { data, error, response } = answer;
  if (response.ok) return data as T;
  if (response.status === 401)
    throw new CliError("Herald refused the API key (401): pass --key or run herald login again");
  const problem = (error ?? {}) as { title?: string; detail?: string };
  const detail = [problem.title, problem.detail].filter(Boolean).join(": ");
  throw new CliError(`${what} failed: ${response.status} ${detail}`.trim());
}
