import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv, Principal } from "../app-env";
import { loadConfig } from "../config";
import { CSRF_HEADER, sessionCookieValue } from "../domain/portal/cookie-header";
import { csrfToken, sessionKey } from "../domain/portal/session-cookie";
import { HeraldError } from "../errors/herald-error";
import { keyFromHeaders } from "../services/authenticate";
import { cookieClaims, sessionFromCookie } from "../services/portal-sessions";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses a state-changing request from a page on another origin: its Origin header must be
 * this server's own (browsers send Origin on every non-GET fetch and form POST), and
 * Sec-Fetch-Site, where the browser sends it, must say same-origin.
 */
export function assertSameOrigin(c: Context) {
  const origin = c.req.header("origin");
  const site = c.req.header("sec-fetch-site");
  if (origin !== new URL(c.req.url).origin || (site !== undefined && site !== "same-origin"))
    throw new HeraldError("forbidden", "Cross-site request refused");
}

/** Refuses a state-changing cookie request that fails the CSRF checks (see guardCookieWrites). */
async function assertCookieWrite(c: Context<AppEnv>, cookie: string, allowReadOnly: boolean) {
  assertSameOrigin(c);
  const config = loadConfig(c.env);
  const claims = await cookieClaims(config, cookie);
  if (!claims) throw new HeraldError("unauthorized", "The portal session has ended; sign in again");
  const expected = await csrfToken(await sessionKey(config.keyRing.keys[0]!), claims.sessionId);
  if (c.req.header(CSRF_HEADER) !== expected)
    throw new HeraldError("forbidden", "Missing or wrong X-CSRF-Token for this session");
  if (claims.readOnly && !allowReadOnly)
    throw new HeraldError("forbidden", "This portal session is read-only");
}

/**
 * CSRF defence for cookie sessions, ahead of body parsing so a refused request has no effect:
 * a state-changing request that carries the session cookie and no API key must come from this
 * origin, carry the session's X-CSRF-Token, and belong to a session that is not read-only.
 * Requests with a key are untouched: a browser never adds one to a cross-site request.
 * `allowReadOnly` is for sign-out, which a read-only session may do too.
 */
export function guardCookieWrites(options: { allowReadOnly?: boolean } = {}) {
  return createMiddleware<AppEnv>(async function guardCookieWrites(c, next) {
    if (SAFE_METHODS.has(c.req.method) || keyFromHeaders(c.req.raw.headers)) return next();
    const cookie = sessionCookieValue(c.req.header("cookie") ?? null);
    if (cookie) await assertCookieWrite(c, cookie, options.allowReadOnly ?? false);
    return next();
  });
}

/**
 * The principal of the request's portal session cookie, or null when it carries none. Writes
 * are checked again here, so a route mounted outside guardCookieWrites' paths is covered too.
 */
export async function sessionPrincipal(c: Context<AppEnv>): Promise<Principal | null> {
  const cookie = sessionCookieValue(c.req.header("cookie") ?? null);
  if (!cookie) return null;
  if (!SAFE_METHODS.has(c.req.method)) await assertCookieWrite(c, cookie, false);
  return (await sessionFromCookie(c.var.db, c.var.config, cookie)).principal;
}
