import { canonicalJson } from "../domain/canonical-json";
import { sha256Hex } from "../domain/crypto/encoding";
import { nextStamp } from "../domain/event-stamp";
import { logger } from "../observability/logger";
import type { HeraldMessage, QueuedEvent } from "../queue/messages";

/** Herald's own event types, so operators can be told about trouble through their webhooks. */
export const OPERATIONAL_PREFIX = "herald.";

/** Queues an operational event (exhausted delivery, disabled webhook) like any accepted event. */
export async function emitOperationalEvent(
  queue: Queue<HeraldMessage>,
  walletId: string,
  type: string,
  data: Record<string, unknown>,
  globalOnly = false,
): Promise<void> {
  const event: QueuedEvent = {
    walletId,
    id: crypto.randomUUID(),
    type,
    data,
    channels: [],
    subject: null,
    expiresAt: null,
    notify: null,
    bodyHash: await sha256Hex(canonicalJson({ type, data })),
    seq: nextStamp(),
    createdAt: new Date().toISOString(),
    ...(globalOnly ? { globalOnly } : {}),
  };
  try {
    await queue.send({ kind: "event", event }, { contentType: "json" });
  } catch (err) {
    // The delivery itself is recorded either way; only the notice about it is lost.
    logger.error("could not queue operational event", { type, error: String(err) });
  }
}
