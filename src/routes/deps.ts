import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import type { WebhookDeps } from "../services/webhooks";

/** The webhook service's dependencies for this request: D1, config, and a line to each webhook's object. */
export function webhookDeps(c: Context<AppEnv>): WebhookDeps {
  const objects = c.env.WEBHOOK_OBJECT;
  return {
    db: c.var.db,
    config: c.var.config,
    notify: async (webhookId, change) => {
      const stub = objects.get(objects.idFromName(webhookId));
      await (change === "deleted" ? stub.webhookDeleted(webhookId) : stub.webhookChanged(webhookId));
    },
  };
}
