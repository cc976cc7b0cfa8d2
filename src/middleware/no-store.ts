import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";

/**
 * The routes whose answers carry a secret or a key (shown once, or on demand). Their answers
 * get `Cache-Control: no-store`, so no browser, proxy or CDN along the way keeps a copy.
 */
export const SECRET_BEARING_ROUTES = [
  "/v1/wallets",
  "/v1/wallets/:id/api-keys",
  "/v1/webhooks",
  "/v1/webhooks/:id/secret",
  "/v1/webhooks/:id/secret/rotate",
  "/v1/notify-targets/secret",
] as const;

/** Marks the answer `Cache-Control: no-store` (every status: an error body may echo input). */
export function noStore() {
  return createMiddleware<AppEnv>(async function noStore(c, next) {
    await next();
    c.res.headers.set("cache-control", "no-store");
  });
}
