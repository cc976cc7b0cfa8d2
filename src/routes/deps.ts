import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { type AuditBy, type Auditor, auditorFor } from "../services/audit";
import type { RetryTarget } from "../services/recovery";
import type { WebhookDeps } from "../services/webhooks";

/** The webhook service's dependencies for this request: D1, config, and a line to each webhook's object. */
export function webhookDeps(c: Context<AppEnv>): WebhookDeps {
  const objects = c.env.WEBHOOK_OBJECT;
  return {
    db: c.var.db,
    config: c.var.config,
    audit: requestAuditor(c),
    origin: new URL(c.req.url).origin,
    requestHost: requestHost(c),
    limiters: c.env.WALLET_LIMITER,
    notify: async (webhookId, change) => {
      const stub = objects.get(objects.idFromName(webhookId));
      await (change === "deleted"
        ? stub.webhookDeleted(webhookId)
        : stub.webhookChanged(webhookId));
    },
  };
}

/** The host (and port, when the URL has one) this request was made to: Herald's own, for the loop guard. */
export function requestHost(c: Context<AppEnv>): string {
  return new URL(c.req.url).host;
}

/** A line to webhook objects for retries and recovery. */
export function retryTarget(c: Context<AppEnv>): RetryTarget {
  const objects = c.env.WEBHOOK_OBJECT;
  const stub = (name: string) => objects.get(objects.idFromName(name));
  return {
    retry: (name, id, walletId) => stub(name).retryHeld(id, walletId),
    recover: (name, from, to, limit) => stub(name).recoverFailed(name, from, to, limit),
  };
}

/** Who makes this request, and from where, for the audit log. */
export function auditBy(c: Context<AppEnv>): AuditBy {
  return { principal: c.var.principal, ip: c.req.header("cf-connecting-ip") ?? null };
}

/** Records management changes of this request in the audit log. */
export function requestAuditor(c: Context<AppEnv>): Auditor {
  return auditorFor(c.var.db, auditBy(c));
}
