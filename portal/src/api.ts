// The portal talks to Herald's public API only, with the session cookie (sent by the browser,
// never readable here) and the session's CSRF token on every state-changing request.

/** One field error of a problem+json answer. */
export interface FieldError {
  path: string;
  message: string;
}

/** A non-2xx answer, with its problem document. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail);
  }

  /** The messages for one field (`url`, `retry.schedule.0` counts for `retry`). */
  forField(name: string): string | undefined {
    const hits = this.errors.filter((e) => e.path === name || e.path.startsWith(`${name}.`));
    return hits.length ? hits.map((e) => e.message).join("; ") : undefined;
  }
}

let csrf = "";
let onSignedOut: () => void = () => {};

/** Remembers the session's CSRF token (in memory only) and what to do when the session ends. */
export function useSessionToken(token: string, signedOut: () => void) {
  csrf = token;
  onSignedOut = signedOut;
}

/** Calls the API; throws ApiError for a problem answer. A 401 means the session ended. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET") headers["x-csrf-token"] = csrf;
  const res = await fetch(path, {
    method,
    headers,
    credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: { detail?: string; errors?: FieldError[] } | null = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!res.ok) {
    const error = new ApiError(
      res.status,
      parsed?.detail ?? `Herald answered ${res.status}`,
      Array.isArray(parsed?.errors) ? parsed.errors : [],
    );
    if (res.status === 401 && !path.startsWith("/portal/session")) onSignedOut();
    throw error;
  }
  return parsed as unknown as T;
}

/** The session as GET /portal/session answers it. */
export interface Session {
  kind: "admin" | "wallet";
  walletId: string | null;
  readOnly: boolean;
  expiresAt: string;
  csrfToken: string;
}

/** A page of a list. */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** A query string from defined values. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** Every item of a paged list, reading it 100 at a time (at most 50 pages). */
export async function allPages<T>(
  path: string,
  params: Record<string, string | undefined> = {},
): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const page: Page<T> = await api("GET", `${path}${qs({ ...params, limit: 100, cursor })}`);
    out.push(...page.data);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return out;
}
