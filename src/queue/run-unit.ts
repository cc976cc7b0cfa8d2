import { eventsQueue } from "../config";
import type { Database } from "../db/client";
import type { WebhookRow } from "../db/schema";
import type { HeraldMessage } from "../domain/event-contract/messages";
import type { QueuedEvent } from "../domain/event-contract/queued-event";
import { logger } from "../observability/logger";
import { findEvents, queuedFromRow } from "../repositories/events";
import { systemScope, walletScope } from "../repositories/scope";
import { findWebhooks, subscribersOf } from "../repositories/webhooks";
import {
  continuationMessages,
  type Handoff,
  handOff,
  matchSubscribers,
  notifyHandoffs,
} from "./fan-out";
import { retryLater } from "./retry-later";

// Subscribers read per query; more than this continue in a follow-up message.
const SUBSCRIBER_PAGE = 500;
// Messages per Queue.sendBatch call (a platform limit).
const SEND_BATCH_LIMIT = 100;

export type Msg = Message<HeraldMessage>;

/** Object calls left in this consumer invocation, and how many a follow-up message gets. */
export interface CallBudget {
  calls: number;
  perInvocation: number;
}

export const keyOf = (e: { walletId: string; id: string }) => `${e.walletId}\n${e.id}`;

/**
 * A unit of events already stored in D1 (a hand-off message's, a moved wallet's held ones),
 * read back by id; `messages` are acked or retried with it.
 */
export async function storedUnit(
  db: Database,
  walletId: string,
  eventIds: string[],
  globalOnly: boolean,
  messages: Msg[],
  selection: Unit["selection"],
): Promise<Unit> {
  const rows = await findEvents(db, walletScope(walletId), eventIds);
  const events = rows.map((r) => queuedFromRow(r, globalOnly));
  return {
    walletId,
    globalOnly,
    events,
    messages,
    messageOf: new Map(events.map((e) => [keyOf(e), messages])),
    selection,
  };
}

/** A slice of fan-out work: some events of one wallet, to some of its subscribers. */
export interface Unit {
  walletId: string;
  globalOnly: boolean;
  events: QueuedEvent[];
  messages: Msg[];
  messageOf: Map<string, Msg[]>;
  selection: { after: string | null; includeNotify: boolean } | { webhookIds: string[] };
}

async function selectWebhooks(
  db: Database,
  unit: Unit,
): Promise<{ subscribers: WebhookRow[]; more: string | null }> {
  if ("webhookIds" in unit.selection) {
    // Named webhooks may be global ones (no wallet): a system read, enabled ones only.
    const rows = await findWebhooks(db, systemScope(), unit.selection.webhookIds);
    return { subscribers: rows.filter((w) => w.enabled), more: null };
  }
  const rows = await subscribersOf(
    db,
    walletScope(unit.walletId),
    SUBSCRIBER_PAGE,
    unit.selection.after,
  );
  return { subscribers: rows, more: rows.length === SUBSCRIBER_PAGE ? rows.at(-1)!.id : null };
}

/** The one-off notify targets this unit hands off: all of them on first contact, and on a continuation only those it names. */
async function notifyTargets(unit: Unit): Promise<Handoff[]> {
  if ("webhookIds" in unit.selection) {
    const named = new Set(unit.selection.webhookIds);
    return (await notifyHandoffs(unit.events)).filter((h) => named.has(h.objectName));
  }
  return unit.selection.includeNotify ? notifyHandoffs(unit.events) : [];
}

/**
 * Hands a unit's events to the webhook objects that take them, continues what exceeds the call
 * budget in follow-up messages, then acks the unit's messages, or retries those whose hand-off
 * failed. True when every hand-off and follow-up went through.
 */
export async function runUnit(
  db: Database,
  env: Env,
  unit: Unit,
  budget: CallBudget,
): Promise<boolean> {
  if (!unit.events.length) {
    for (const m of unit.messages) m.ack();
    return true;
  }
  const eventIds = unit.events.map((e) => e.id);
  let handoffs: Handoff[];
  const followUps: HeraldMessage[] = [];
  try {
    const { subscribers, more } = await selectWebhooks(db, unit);
    if (more)
      followUps.push({
        kind: "handoff",
        walletId: unit.walletId,
        eventIds,
        afterWebhookId: more,
        ...(unit.globalOnly ? { globalOnly: true } : {}),
      });
    const rows = new Map(subscribers.map((w) => [w.id, w]));
    handoffs = [...matchSubscribers(unit.events, subscribers)].map(([objectName, events]) => ({
      objectName,
      events,
      row: rows.get(objectName),
    }));
    // A continuation names notify objects beside webhook ids; they have no row in D1 to select.
    handoffs.unshift(...(await notifyTargets(unit)));
  } catch (err) {
    logger.error("matching subscribers failed", { walletId: unit.walletId, error: String(err) });
    for (const m of unit.messages) retryLater(m);
    return false;
  }

  // Split, don't hope: what exceeds this invocation's call budget continues in new messages.
  const now = handoffs.slice(0, Math.max(0, budget.calls));
  const later = handoffs.slice(now.length).map((h) => h.objectName);
  budget.calls -= now.length;
  followUps.push(
    ...continuationMessages(unit.walletId, eventIds, later, budget.perInvocation, unit.globalOnly),
  );

  const failed = await handOff(env.WEBHOOK_OBJECT, now);
  let followUpsSent = true;
  if (followUps.length) {
    try {
      // A queue takes at most 100 messages per send; a half-sent set is harmless, as the retry re-sends it all.
      for (let i = 0; i < followUps.length; i += SEND_BATCH_LIMIT) {
        await eventsQueue(env).sendBatch(
          followUps
            .slice(i, i + SEND_BATCH_LIMIT)
            .map((body) => ({ body, contentType: "json" as const })),
        );
      }
    } catch (err) {
      followUpsSent = false;
      logger.error("queueing fan-out continuation failed", { error: String(err) });
    }
  }
  const retry = new Set<Msg>();
  if (!followUpsSent) for (const m of unit.messages) retry.add(m);
  for (const h of now) {
    if (!failed.has(h.objectName)) continue;
    for (const e of h.events) for (const m of unit.messageOf.get(keyOf(e)) ?? []) retry.add(m);
  }
  for (const m of unit.messages) {
    if (retry.has(m)) retryLater(m);
    else m.ack();
  }
  return followUpsSent && now.every((h) => !failed.has(h.objectName));
}
