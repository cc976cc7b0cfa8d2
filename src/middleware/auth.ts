import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { HeraldError } from "../errors/herald-error";
import { authenticateKey, keyFromHeaders, requireScope } from "../services/authenticate";
import { sessionPrincipal } from "./portal-session";

// Keys in URLs end up in proxy and access logs, so they are refused outright.
const KEY_QUERY_PARAMS = ["apikey", "api_key", "api-key", "key", "token", "access_token"];

/** Requires a valid admin or wallet key (with the scope the request needs) and puts the caller in `c.var.principal`. */
export function requireKey() {
  return createMiddleware<AppEnv>(async function requireKey(c, next) {
    // Most calls carry no query string at all: no URL to parse then.
    if (c.req.url.includes("?")) {
      for (const name of new URL(c.req.url).searchParams.keys()) {
        if (KEY_QUERY_PARAMS.includes(name.toLowerCase())) {
          throw new HeraldError(
            "bad_request",
            "API keys are not accepted in the query string; send them in a header",
          );
        }
      }
    }
    const key = keyFromHeaders(c.req.raw.headers);
    // No key: a portal session cookie (the browser's EventSource cannot send a header).
    const session = key === null ? await sessionPrincipal(c) : null;
    const principal = session ?? (await authenticateKey(c.var.db, c.var.config, key));
    // Every keyed route passes here, so no route can forget its scope.
    requireScope(principal, c.req.method, c.req.path);
    c.set("principal", principal);
    await next();
  });
}

/** Refuses wallet keys on operator-only routes. */
export function requireAdmin() {
  return createMiddleware<AppEnv>(async function requireAdmin(c, next) {
    if (c.var.principal.kind !== "admin")
      throw new HeraldError("forbidden", "This route needs the admin key");
    await next();
  });
}
