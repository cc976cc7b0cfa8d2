import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { HeraldError } from "../errors/herald-error";
import { authenticateKey, keyFromHeaders, requireScope } from "../services/authenticate";
import { refuseKnownEmpty } from "../services/rate-limits";
import { sessionPrincipal } from "./portal-session";
import { limitRequest } from "./request-limits";

// Keys in URLs end up in proxy and access logs, so they are refused outright.
const KEY_QUERY_PARAMS = ["apikey", "api_key", "api-key", "key", "token", "access_token"];

/**
 * Requires a valid admin or wallet key (with the scope the request needs) and puts the caller in
 * `c.var.principal`; a wallet key's request then counts against the wallet's loose read/write
 * limit, except on ingest routes (`{ ingest: true }`), whose events the wallet's limiter counts.
 */
export function requireKey(options: { ingest?: boolean } = {}) {
  return createMiddleware<AppEnv>(async function requireKey(c, next) {
    // Two sub-apps share a prefix (/v1/webhooks): the second one's check would count the request twice.
    if (c.get("principal") !== undefined) return next();
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
    if (!options.ingest) await limitRequest(c);
    // A wallet whose ingest bucket is known empty in this isolate is refused before its body is validated.
    else if (principal.kind === "wallet") refuseKnownEmpty(principal.walletId);
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
