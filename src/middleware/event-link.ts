import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { verifyEventToken } from "../domain/crypto/event-link-token";
import { HeraldError } from "../errors/herald-error";
import { requireKey } from "./auth";

const keyCheck = requireKey();

/**
 * For `GET /v1/events/{id}`: a thin delivery's `?token=` reads that one event of that wallet
 * (the token's MAC covers both, and its expiry); without a token the route wants a key as usual.
 */
export function requireKeyOrEventToken() {
  return createMiddleware<AppEnv>(async function requireKeyOrEventToken(c, next) {
    const token = c.req.query("token");
    if (token === undefined) return keyCheck(c, next);
    const walletId = await verifyEventToken(
      c.var.config.keyRing.keys[0]!,
      token,
      c.req.param("id") ?? "",
      Date.now(),
    );
    if (!walletId)
      throw new HeraldError(
        "unauthorized",
        "The link token is not valid for this event, or it expired (tokens last 1 hour)",
      );
    c.set("principal", { kind: "wallet", walletId });
    await next();
  });
}
