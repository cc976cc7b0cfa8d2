import { canonicalJson } from "../canonical-json";
import { sha256Hex } from "../crypto/encoding";
import { nextStamp } from "../event-stamp";
import type { Format } from "../formats";

/**
 * An accepted event as it travels through the queue. It carries the payload (at most
 * 100 KiB, under the queue's 128 KB message cap) because ingest writes nothing to D1:
 * the consumer stores it, in one batched write per batch.
 */
export interface QueuedEvent {
  walletId: string;
  id: string;
  type: string;
  data: Record<string, unknown>;
  channels: string[];
  subject: string | null;
  expiresAt: string | null;
  /** A one-off target; its bearer token is already encrypted. */
  notify: SealedNotifyTarget | null;
  /** SHA-256 of the canonical request: tells a repeat from a conflict. */
  bodyHash: string;
  /** Acceptance stamp, microseconds, monotonic per isolate: the fifo order. */
  seq: number;
  createdAt: string;
  /** Operational events meant for the global webhooks only (herald.webhook.disabled). */
  globalOnly?: boolean;
  /**
   * Herald's own operational event (`herald.*`): set only by delivery/operational-events.ts.
   * Fan-out trusts this mark, never the type name (ingest refuses `herald.*` from clients).
   */
  operational?: boolean;
}

/** A one-off `notify` target as it is queued and stored: URL checked, bearer token sealed. */
export interface SealedNotifyTarget {
  url: string;
  bearerTokenEnc: string | null;
  format: Format;
  /** Set only for "replace": the event skips the wallet's webhooks (absent = "add"). */
  mode?: "replace";
}

/** The body of one event as its producer submitted it (without id and wallet). */
export interface EventSubmission {
  type: string;
  data: Record<string, unknown>;
  channels?: string[];
  subject?: string;
  expiresAt?: string;
  /** As submitted, bearer token in the clear: it is part of what a repeat must match. */
  notify?: { url: string; bearerToken?: string; format?: Format; mode?: "add" | "replace" };
}

/** What a producer may choose besides the submission. */
export interface NewEventOptions {
  /** A client-chosen id (ingest); otherwise a fresh UUID. */
  id?: string;
  /** The submission's notify target after the URL rules and sealing. */
  notify?: SealedNotifyTarget | null;
  globalOnly?: boolean;
  /** Only emitOperationalEvent sets this: the event is Herald's own. */
  operational?: boolean;
}

/**
 * The one constructor of a QueuedEvent, for every producer (ingest, test sends, operational
 * events) and the tests. The body hash is always SHA-256 over the canonical JSON of the
 * submission, so a repeat of a stored event is recognised whichever path stored it.
 */
export async function newQueuedEvent(
  walletId: string,
  submission: EventSubmission,
  options: NewEventOptions = {},
): Promise<QueuedEvent> {
  return {
    walletId,
    id: options.id ?? crypto.randomUUID(),
    type: submission.type,
    data: submission.data,
    channels: submission.channels ?? [],
    subject: submission.subject ?? null,
    expiresAt: submission.expiresAt ? new Date(submission.expiresAt).toISOString() : null,
    notify: options.notify ?? null,
    bodyHash: await sha256Hex(canonicalJson(submission)),
    seq: nextStamp(),
    createdAt: new Date().toISOString(),
    ...(options.globalOnly ? { globalOnly: true } : {}),
    ...(options.operational ? { operational: true } : {}),
  };
}
