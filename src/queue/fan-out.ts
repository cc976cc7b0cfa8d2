import type { WebhookRow } from "../db/schema";
import type { HandoffMessage, HeraldMessage } from "../domain/event-contract/messages";
import type { QueuedEvent } from "../domain/event-contract/queued-event";
import { matchesChannels, matchesEventType } from "../domain/event-type-pattern";
import { notifyObjectName } from "../domain/notify-target";
import { logger } from "../observability/logger";

/** Deliveries for one webhook object from one consumer batch: a single RPC call. */
export interface Handoff {
  objectName: string;
  events: QueuedEvent[];
  /** The webhook's row as just read, so a newly started object need not read it again. */
  row?: WebhookRow;
}

/**
 * Whether a webhook takes an event. Herald's own operational events (`herald.*`) are opt-in:
 * only webhooks that name them (an exact type or a pattern other than `*`) get them, plus the
 * global webhooks for global notices; and a webhook is never told about itself, since the
 * notice is about it failing.
 */
export function wantsEvent(webhook: WebhookRow, event: QueuedEvent): boolean {
  if (event.globalOnly && webhook.walletId !== null) return false;
  if (webhook.walletId !== null && webhook.walletId !== event.walletId) return false;
  // walt.id's per-offer callback replaces the profile's: the wallet's webhooks step aside (the
  // operator's global ones still see the event).
  if (event.notify?.mode === "replace" && webhook.walletId !== null) return false;
  if (event.operational === true) {
    if (event.data.webhookId === webhook.id) return false;
    const named = webhook.eventTypes.some((p) => p !== "*" && matchesEventType([p], event.type));
    return named || (event.globalOnly === true && webhook.walletId === null);
  }
  return (
    matchesEventType(webhook.eventTypes, event.type) &&
    matchesChannels(webhook.channels, event.channels)
  );
}

/** Which events each subscriber takes (see wantsEvent). */
export function matchSubscribers(
  events: QueuedEvent[],
  subscribers: WebhookRow[],
): Map<string, QueuedEvent[]> {
  const groups = new Map<string, QueuedEvent[]>();
  for (const webhook of subscribers) {
    for (const event of events) {
      if (!wantsEvent(webhook, event)) continue;
      const list = groups.get(webhook.id) ?? [];
      // The one-off target is the notify object's business only: a webhook object handed an
      // event that carries it would take the target's URL, format and token for its own.
      list.push(event.notify ? { ...event, notify: null } : event);
      groups.set(webhook.id, list);
    }
  }
  return groups;
}

/** Each event's one-off `notify` target, grouped per (wallet, URL) object so they keep their order. */
export async function notifyHandoffs(events: QueuedEvent[]): Promise<Handoff[]> {
  const groups = new Map<string, QueuedEvent[]>();
  for (const event of events) {
    if (!event.notify) continue;
    const name = await notifyObjectName(event.walletId, event.notify.url);
    groups.set(name, [...(groups.get(name) ?? []), event]);
  }
  return [...groups].map(([objectName, list]) => ({ objectName, events: list }));
}

/**
 * Calls each object once with its events (in acceptance order), a few at a time. Returns the
 * names whose hand-off failed; an object that already holds an event ignores it, so a retried
 * hand-off is harmless.
 */
export async function handOff(
  objects: DurableObjectNamespace<import("../delivery/webhook-object").WebhookObject>,
  handoffs: Handoff[],
  concurrency = 16,
): Promise<Set<string>> {
  const failed = new Set<string>();
  let next = 0;
  const worker = async () => {
    while (next < handoffs.length) {
      const h = handoffs[next++]!;
      try {
        const sorted = [...h.events].sort((a, b) => a.seq - b.seq);
        await objects.get(objects.idFromName(h.objectName)).enqueue(h.objectName, sorted, h.row);
      } catch (err) {
        failed.add(h.objectName);
        logger.error("hand-off to webhook object failed", {
          webhookId: h.objectName,
          error: String(err),
        });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, handoffs.length) }, worker));
  return failed;
}

/** Continuation messages for webhooks beyond this invocation's budget: ids only, the events are in D1. */
export function continuationMessages(
  walletId: string,
  eventIds: string[],
  webhookIds: string[],
  chunk: number,
  globalOnly: boolean,
): HeraldMessage[] {
  const out: HandoffMessage[] = [];
  for (let i = 0; i < webhookIds.length; i += chunk) {
    out.push({
      kind: "handoff",
      walletId,
      eventIds,
      webhookIds: webhookIds.slice(i, i + chunk),
      ...(globalOnly ? { globalOnly } : {}),
    });
  }
  return out;
}
