import { eventsQueue } from "../config";
import { type Database, database } from "../db/client";
import type { HeraldMessage } from "../domain/event-contract/messages";
import type { QueuedEvent } from "../domain/event-contract/queued-event";
import { logger } from "../observability/logger";
import { findEvents, insertNewEvents, queuedFromRow } from "../repositories/events";
import { systemScope, walletScope } from "../repositories/scope";
import { publishToStreams } from "../streams/publish";
import { reportConflict } from "./event-conflict";
import { retryLater } from "./retry-later";
import { keyOf, type Msg, runUnit, storedUnit, type Unit } from "./run-unit";
import { holdMovingUnits, passBarrier } from "./shard-barrier";

// Object calls per consumer invocation, well inside the platform's subrequest limit.
const DEFAULT_CALL_BUDGET = 200;

/**
 * The event queue's consumer: stores the batch's events in one batched D1 write (ids already
 * stored are ignored, and the first accepted copy wins), matches subscribers, and hands each
 * webhook object its events in one call. Every message is acked or retried on its own.
 */
export async function consumeEvents(batch: MessageBatch<HeraldMessage>, env: Env): Promise<void> {
  const db = database(env);
  const units: Unit[] = [];
  let published: Promise<void> = Promise.resolve();
  const eventMessages = batch.messages.filter((m) => m.body?.kind === "event");
  if (eventMessages.length) {
    try {
      const stored = await storeEvents(db, eventMessages, env);
      // A wallet moving to another queue shard has its events held until its barrier passes.
      units.push(...(await holdMovingUnits(env, stored.units)));
      published = stored.published;
    } catch (err) {
      logger.error("storing events failed; the batch will be redelivered", { error: String(err) });
      for (const m of eventMessages) retryLater(m);
    }
  }
  for (const m of batch.messages) {
    if (m.body?.kind !== "handoff") continue;
    try {
      units.push(await loadHandoff(db, m));
    } catch (err) {
      logger.error("loading a hand-off failed", { error: String(err) });
      retryLater(m);
    }
  }
  const barriers = batch.messages.filter((m) => m.body?.kind === "barrier");
  for (const m of batch.messages) {
    if (m.body?.kind === "event" || m.body?.kind === "handoff" || m.body?.kind === "barrier")
      continue;
    // Not ours to guess at: retried until the queue moves it to the dead-letter queue, where it is recorded.
    logger.error("unknown queue message; it will reach the dead-letter queue", { messageId: m.id });
    retryLater(m);
  }
  const perInvocation =
    Number((env as { FANOUT_CALLS_PER_INVOCATION?: string }).FANOUT_CALLS_PER_INVOCATION) ||
    DEFAULT_CALL_BUDGET;
  const budget = { calls: perInvocation, perInvocation };
  for (const unit of units) await runUnit(db, env, unit, budget);
  // After the batch's events: a barrier releases the events held before it, these included.
  for (const m of barriers) await passBarrier(db, env, m, budget);
  await published;
}

async function storeEvents(
  db: Database,
  messages: Msg[],
  env: Env,
): Promise<{ units: Unit[]; published: Promise<void> }> {
  const incoming = messages.map((m) => (m.body as Extract<HeraldMessage, { kind: "event" }>).event);
  // One atomic batch of multi-row inserts; each returns the rows it added, with their log position.
  const inserted = await insertNewEvents(db, systemScope(), incoming);
  const positions = new Map(inserted.map((row) => [keyOf(row), row.position]));
  const stored = new Map<string, QueuedEvent>();
  for (const event of incoming) {
    // What this batch added is exactly what it carried (the first copy of an id in the batch wins).
    if (positions.has(keyOf(event)) && !stored.has(keyOf(event))) {
      const { globalOnly: _notStored, ...asStored } = event;
      stored.set(keyOf(event), asStored);
    }
  }
  // Ids stored before (a redelivered message, a racing submission): the stored copy is the event.
  const byWallet = new Map<string, string[]>();
  for (const e of incoming)
    if (!stored.has(keyOf(e)))
      byWallet.set(e.walletId, [...(byWallet.get(e.walletId) ?? []), e.id]);
  for (const [walletId, ids] of byWallet) {
    for (const row of await findEvents(db, walletScope(walletId), [...new Set(ids)]))
      stored.set(keyOf(row), queuedFromRow(row));
  }
  // The live streams get what this batch newly stored, by log position; best effort, and off the
  // hand-off's critical path: the caller awaits it after the hand-off.
  const published = publishToStreams(
    env,
    [...positions].map(([key, position]) => ({ ...stored.get(key)!, position })),
  );

  const units = new Map<string, Unit>();
  const conflicts: { m: Msg; event: QueuedEvent; winner: QueuedEvent }[] = [];
  messages.forEach((m, i) => {
    const event = incoming[i]!;
    const winner = stored.get(keyOf(event));
    if (!winner) {
      // The batch wrote it, so it must read back; if it does not, try again rather than lose it.
      retryLater(m);
      return;
    }
    if (winner.bodyHash !== event.bodyHash) {
      // A racing submission of the same id with another body: the stored one is the event,
      // and this one is reported to the wallet rather than dropped in silence.
      conflicts.push({ m, event, winner });
      return;
    }
    const globalOnly = event.globalOnly === true;
    const unitKey = `${event.walletId}\n${globalOnly}`;
    const unit: Unit = units.get(unitKey) ?? {
      walletId: event.walletId,
      globalOnly,
      events: [],
      messages: [],
      messageOf: new Map(),
      selection: { after: null, includeNotify: true },
    };
    const key = keyOf(winner);
    if (!unit.messageOf.has(key))
      unit.events.push({ ...winner, notify: event.notify, ...(globalOnly ? { globalOnly } : {}) });
    unit.messageOf.set(key, [...(unit.messageOf.get(key) ?? []), m]);
    unit.messages.push(m);
    units.set(unitKey, unit);
  });
  for (const c of conflicts) await reportConflict(eventsQueue(env), c);
  return { units: [...units.values()], published };
}

function loadHandoff(db: Database, m: Msg): Promise<Unit> {
  const body = m.body as Extract<HeraldMessage, { kind: "handoff" }>;
  return storedUnit(
    db,
    body.walletId,
    body.eventIds,
    body.globalOnly === true,
    [m],
    body.webhookIds
      ? { webhookIds: body.webhookIds }
      : { after: body.afterWebhookId ?? null, includeNotify: false },
  );
}
