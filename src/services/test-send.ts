import type { Principal } from "../app-env";
import { isReservedEventType } from "../domain/event-catalog";
import type { HeraldMessage } from "../domain/event-contract/messages";
import { newQueuedEvent } from "../domain/event-contract/queued-event";
import { DEFAULT_WALLET_ID } from "../domain/ids";
import { HeraldError } from "../errors/herald-error";
import { insertEvent } from "../repositories/events";
import { walletScope } from "../repositories/scope";
import { getCatalogEntry } from "./event-types";
import { RESERVED_TYPE_MESSAGE } from "./ingest";
import { takeRate } from "./rate-limits";
import { getWebhookRow, type WebhookDeps } from "./webhooks";

/**
 * Sends an example event of a catalog type to one webhook through the normal path: the event
 * is stored in the log, then handed to that webhook's object by a queue message (and nowhere
 * else), so the delivery is signed, retried, logged and visible like any other.
 */
export async function sendTestEvent(
  deps: WebhookDeps,
  queue: Queue<HeraldMessage>,
  principal: Principal,
  webhookId: string,
  eventType: string,
  data?: Record<string, unknown>,
) {
  const webhook = await getWebhookRow(deps, principal, webhookId);
  if (isReservedEventType(eventType))
    throw new HeraldError("validation_failed", "The body is invalid", {
      errors: [{ path: "eventType", message: RESERVED_TYPE_MESSAGE }],
    });
  if (!webhook.enabled)
    throw new HeraldError(
      "conflict",
      "The webhook is disabled; enable it before sending a test event",
    );
  // Counted per wallet, whoever calls; a global webhook belongs to no wallet's rate.
  if (webhook.walletId && deps.limiters)
    await takeRate(deps.limiters, webhook.walletId, "testSend");
  const entry = await getCatalogEntry(deps.db, principal, eventType, webhook.walletId ?? undefined);
  const walletId = webhook.walletId ?? DEFAULT_WALLET_ID;
  const payload = data ?? entry.example ?? {};
  const event = await newQueuedEvent(walletId, { type: entry.name, data: payload });
  await insertEvent(deps.db, walletScope(walletId), event);
  try {
    await queue.send(
      { kind: "handoff", walletId, eventIds: [event.id], webhookIds: [webhook.id] },
      { contentType: "json" },
    );
  } catch {
    throw new HeraldError(
      "unavailable",
      "The event queue is not accepting work right now; retry shortly",
      { headers: { "retry-after": "5" } },
    );
  }
  return { eventId: event.id, webhookId: webhook.id, type: event.type, data: payload };
}
