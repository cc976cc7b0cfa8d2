import type { AgentEvent } from "./types";

/** iGrant.io's webhook body `{deliveryID, webhookID, timestamp, type, data}`, after validation. */
export interface IgrantNotification {
  deliveryID: string;
  webhookID: string;
  timestamp: string;
  type: string;
  data: Record<string, unknown>;
}

/**
 * Maps an iGrant.io notification to a Herald event. The deliveryID becomes the event id, so
 * a signed request replayed within the signature's five minutes is a repeat, not a second
 * event. webhookID and timestamp describe iGrant's own delivery and are not kept: Herald's
 * igrant format writes its own for each of its webhooks.
 */
export function fromIgrant(notification: IgrantNotification): AgentEvent {
  const { deliveryID, type, data } = notification;
  return { id: deliveryID, type, data };
}
