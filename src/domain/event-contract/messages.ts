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

export type HeraldMessage = EventMessage | HandoffMessage;
