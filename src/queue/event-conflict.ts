import { operationalEvent } from "../delivery/operational-events";
import { sha256Hex } from "../domain/crypto/encoding";
import type { HeraldMessage } from "../domain/event-contract/messages";
import type { QueuedEvent } from "../domain/event-contract/queued-event";
import { logger } from "../observability/logger";
import { retryLater } from "./retry-later";

/**
 * Files a lost race as `herald.event.conflict` in the wallet's log (an operational event,
 * delivered to the wallet's webhooks that name it), then acks the losing message. Its id is
 * derived from (event id, rejected body), so a redelivered message files it once; when the
 * queue refuses, the message is retried instead, so the conflict cannot vanish.
 */
export async function reportConflict(
  queue: Queue<HeraldMessage>,
  { m, event, winner }: { m: Message<HeraldMessage>; event: QueuedEvent; winner: QueuedEvent },
): Promise<void> {
  logger.warn("a conflicting submission of a stored event id", {
    walletId: event.walletId,
    eventId: event.id,
  });
  const notice = await operationalEvent(
    event.walletId,
    "herald.event.conflict",
    {
      eventId: event.id,
      storedBodyHash: winner.bodyHash,
      rejectedBodyHash: event.bodyHash,
      rejected: {
        type: event.type,
        data: event.data,
        channels: event.channels,
        subject: event.subject,
        expiresAt: event.expiresAt,
      },
    },
    { id: `conflict:${(await sha256Hex(`${event.id}\n${event.bodyHash}`)).slice(0, 40)}` },
  );
  try {
    await queue.send({ kind: "event", event: notice }, { contentType: "json" });
    m.ack();
  } catch (err) {
    logger.error("could not queue a conflict notice; retrying its message", { error: String(err) });
    retryLater(m);
  }
}
