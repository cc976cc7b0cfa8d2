import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { knownWalletPrincipal } from "../services/authenticate";
import { refuseKnownEmpty } from "../services/rate-limits";

/**
 * Answers a flooding wallet's ingest 429 before its body is read, the config is loaded or a
 * route is matched: when this isolate already knows the key (a live wallet key allowed to
 * ingest, revocations checked within the last second) and knows the wallet's bucket holds less
 * than a token (refusal-cache.ts). Anything else passes on to the full path, which decides
 * exactly as it did before; so this refuses nothing that path would have admitted.
 */
export function refuseKnownFlood() {
  return createMiddleware<AppEnv>(async function refuseKnownFlood(c, next) {
    // A query string may carry a key, which the full path refuses with 400 first.
    if (c.req.method === "POST" && !c.req.url.includes("?")) {
      const principal = knownWalletPrincipal(c.req.raw.headers, c.req.method, c.req.path);
      if (principal?.kind === "wallet") {
        try {
          refuseKnownEmpty(principal.walletId);
        } catch (refusal) {
          // So the ingest analytics point files the refusal under its wallet.
          c.set("principal", principal);
          throw refusal;
        }
      }
    }
    await next();
  });
}
