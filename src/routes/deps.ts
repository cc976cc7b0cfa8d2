import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import type { RetryTarget } from "../services/recovery";
import type { WebhookDeps } from "../services/webhooks";

/** The webhook service's dependencies for this request: D1, config, and a line to each webhook's object. */
export function webhookDeps(c: Context<AppEnv>): WebhookDeps {
  const objects = c.env.WEBHOOK_OBJECT;
  return {
    db: c.var.db,
    config: c.var.config,
    limiters: c.env.WALLET_LIMITER,
    notify: async (webhookId, change) => {
      const stub = objects.get(objects.idFromName(webhookId));
      await (change === "deleted"
        ? stub.webhookDeleted(webhookId)
        : stub.webhookChanged(webhookId));
    },
  };
}

/** A line to webhook objects for retries and recovery. */
export function retryTarget(c: Context<AppEnv>): RetryTarget {
  const objects = c.env.WEBHOOK_OBJECT;
  return { retry: (name, ids) => objects.get(objects.idFromName(name)).retryDeliveries(ids) };
}
