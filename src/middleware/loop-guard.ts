import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { heraldDeliveryMark } from "../domain/signing/webhook-id";
import { HeraldError } from "../errors/herald-error";

/**
 * Refuses, on the ingest routes, a request that is one of Herald's own deliveries (see
 * heraldDeliveryMark): a webhook pointed at Herald's ingest would otherwise turn every delivery
 * into a new event, forever. 400 `urn:herald:problem:delivery-loop`, before anything is read.
 */
export function refuseDeliveryLoops() {
  return createMiddleware<AppEnv>(async function refuseDeliveryLoops(c, next) {
    if (c.req.method !== "POST") return next();
    const mark = heraldDeliveryMark({
      userAgent: c.req.header("user-agent") ?? null,
      webhookId: c.req.header("webhook-id") ?? null,
      webhookSignature: c.req.header("webhook-signature") ?? null,
    });
    if (mark !== null) {
      throw new HeraldError(
        "delivery_loop",
        `This request looks like a delivery from Herald (${mark}); a webhook pointing at Herald's ingest would loop, so it is refused`,
      );
    }
    await next();
  });
}
