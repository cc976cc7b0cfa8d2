import type { QueuedEvent } from "./queued-event";

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

/**
 * Queue message: sent to a moving wallet's old shard after the shard count changed. Behind the
 * wallet's events still queued there, it releases the events held meanwhile (README "What
 * production on Cloudflare would change"). `previous` and `current` name the change.
 */
export interface BarrierMessage {
  kind: "barrier";
  walletId: string;
  previous: number;
  current: number;
}

export type HeraldMessage = EventMessage | HandoffMessage | BarrierMessage;
