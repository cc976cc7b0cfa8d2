import type { Format } from "../domain/formats";

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
  notify: { url: string; bearerTokenEnc: string | null; format: Format } | null;
  /** SHA-256 of the canonical request: tells a repeat from a conflict. */
  bodyHash: string;
  /** Acceptance stamp, microseconds, monotonic per isolate: the fifo order. */
  seq: number;
  createdAt: string;
  /** Operational events meant for the global webhooks only (herald.webhook.disabled). */
  globalOnly?: boolean;
}

/** Queue message: a new event to store and fan out. */
export interface EventMessage {
  kind: "event";
  event: QueuedEvent;
}

/**
 * Queue message: fan-out work that did not fit one invocation's subrequest budget.
 * It carries ids only; the events are in D1 by then.
 */
export interface HandoffMessage {
  kind: "handoff";
  walletId: string;
  eventIds: string[];
  /** Deliver to these webhooks, or to every subscriber after `afterWebhookId` when absent. */
  webhookIds?: string[];
  afterWebhookId?: string;
  globalOnly?: boolean;
}

export type HeraldMessage = EventMessage | HandoffMessage;
