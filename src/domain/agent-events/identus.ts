import type { AgentEvent } from "./types";

/** Identus Cloud Agent's webhook body `{id, ts, type, data, walletId}`, after validation. */
export interface IdentusNotification {
  id: string;
  ts: string;
  type: string;
  data: Record<string, unknown>;
  walletId?: string;
}

/**
 * Maps an Identus notification to a Herald event. Identus' event id becomes Herald's, so
 * the agent's three attempts, and the same event reaching Herald through both a global and
 * a wallet webhook, are one event. `ts` is not kept: Herald stamps its own acceptance time.
 */
export function fromIdentus(notification: IdentusNotification): AgentEvent {
  const { id, type, data, walletId } = notification;
  return { id, type, data, ...(walletId !== undefined ? { walletId } : {}) };
}
