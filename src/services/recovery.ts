import type { Principal } from "../app-env";
import { taggedFor } from "../domain/ids";
import type { RetryOutcome } from "../domain/retry-outcome";
import { HeraldError } from "../errors/herald-error";
import { scopeOf } from "../repositories/scope";
import { webhookIdsIn } from "../repositories/webhooks";
import { visibleDelivery } from "./delivery-log";
import { takeRate } from "./rate-limits";
import { getWebhookRow, type WebhookDeps } from "./webhooks";

/** Recovery reaches back at most this far, as Svix's does. */
export const RECOVER_MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;
// One recover call reopens at most this many deliveries; call again with a later `since` for more.
const RECOVER_LIMIT = 10_000;

/** What recovery asks of a webhook's object. */
export interface RetryTarget {
  /** Reopens one delivery the object holds (of `walletId` only, when not null). */
  retry(objectName: string, deliveryId: string, walletId: string | null): Promise<RetryOutcome>;
  /** Reopens the object's failed deliveries created in [fromMs, toMs]; returns how many. */
  recover(objectName: string, fromMs: number, toMs: number, limit: number): Promise<number>;
}

/**
 * Sends one delivery again now: one more attempt, in acceptance order for a fifo webhook.
 * The objects of the caller's webhooks whose tag the id carries are asked first, so a delivery
 * D1's mirror does not show yet can be retried; D1 finds the rest (ids made before the tag,
 * notify targets' deliveries).
 */
export async function retryDelivery(
  deps: WebhookDeps,
  objects: RetryTarget,
  principal: Principal,
  deliveryId: string,
) {
  const walletId = principal.kind === "wallet" ? principal.walletId : null;
  const ids = await webhookIdsIn(deps.db, scopeOf(principal));
  for (const webhookId of ids.filter((id) => taggedFor(deliveryId, id))) {
    const outcome = await objects.retry(webhookId, deliveryId, walletId);
    if (outcome !== "unknown") return retried(deliveryId, outcome);
  }
  const row = await visibleDelivery(deps.db, principal, deliveryId);
  return retried(row.id, await objects.retry(row.webhookId, row.id, walletId));
}

function retried(id: string, outcome: RetryOutcome) {
  if (outcome !== "reopened")
    throw new HeraldError(
      "conflict",
      "The delivery is being attempted right now, or its webhook no longer holds it",
    );
  return { id, status: "pending" as const };
}

/**
 * Re-sends every failed delivery of a webhook created in [since, until] once; succeeded ones
 * are not touched. Returns how many were reopened, as the webhook's object counts them.
 */
export async function recoverWebhook(
  deps: WebhookDeps,
  objects: RetryTarget,
  principal: Principal,
  webhookId: string,
  since: string,
  until?: string,
) {
  const webhook = await getWebhookRow(deps, principal, webhookId);
  if (webhook.walletId && deps.limiters) await takeRate(deps.limiters, webhook.walletId, "recover");
  const now = Date.now();
  const from = Date.parse(since);
  const to = until ? Date.parse(until) : now;
  if (from < now - RECOVER_MAX_AGE_MS) {
    throw new HeraldError("validation_failed", "The body is invalid", {
      errors: [{ path: "since", message: "Recovery reaches back at most 14 days" }],
    });
  }
  if (to < from)
    throw new HeraldError("validation_failed", "The body is invalid", {
      errors: [{ path: "until", message: "until is before since" }],
    });
  // The webhook's object decides, from what it holds: D1's mirror may not show a failure yet.
  const recovered = await objects.recover(webhook.id, from, to, RECOVER_LIMIT);
  await deps.audit({
    walletId: webhook.walletId,
    action: "webhook.recovered",
    target: webhook.id,
    details: { since: new Date(from).toISOString(), until: new Date(to).toISOString(), recovered },
  });
  return { recovered };
}
