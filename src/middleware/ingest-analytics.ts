import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { analyticsDataset, writeIngestPoint } from "../observability/analytics";

/**
 * One Analytics Engine point per ingest request (a POST), written once the answer is known (errors
 * included: Hono's error handler has set the response by then). The caller's wallet is known
 * only for a wallet key; an admin key's request is filed under "".
 */
export function recordIngestRequests() {
  return createMiddleware<AppEnv>(async function recordIngestRequests(c, next) {
    // Mounted on the ingest paths for every method (so it is not a route of its own); reads pass.
    if (c.req.method !== "POST") return next();
    const started = Date.now();
    await next();
    const principal = c.get("principal") as AppEnv["Variables"]["principal"] | undefined;
    writeIngestPoint(analyticsDataset(c.env), {
      walletId: principal?.kind === "wallet" ? principal.walletId : null,
      route: c.req.routePath,
      statusCode: c.res.status,
      durationMs: Date.now() - started,
    });
  });
}
