import type { HeraldMessage } from "../domain/event-contract/messages";
import { newQueuedEvent, type QueuedEvent } from "../domain/event-contract/queued-event";
import { logger } from "../observability/logger";

/** Herald's own event types, so operators can be told about trouble through their webhooks. */
export const OPERATIONAL_PREFIX = "herald.";

/**
 * One of Herald's own events, marked `operational` (the only place that mark is set). `id`
 * makes it idempotent: the same notice built twice is stored once.
 */
export function operationalEvent(
  walletId: string,
  type: string,
  data: Record<string, unknown>,
  options: { globalOnly?: boolean; id?: string } = {},
): Promise<QueuedEvent> {
  return newQueuedEvent(walletId, { type, data }, { ...options, operational: true });
}

/** Queues an operational event (exhausted delivery, disabled webhook) like any accepted event. */
export async function emitOperationalEvent(
  queue: Queue<HeraldMessage>,
  walletId: string,
  type: string,
  data: Record<string, unknown>,
  globalOnly = false,
): Promise<void> {
  const event = await operationalEvent(walletId, type, data, { globalOnly });
  try {
    await queue.send({ kind: "event", event }, { contentType: "json" });
  } catch (err) {
    // The delivery itself is recorded either way; only the notice about it is lost.
    logger.error("could not queue operational event", { type, error: String(err) });
  }
}
