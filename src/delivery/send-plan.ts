import type { OrderStore } from "./order-store";
import type { PendingRow } from "./pending-schema";
import type { PendingStore } from "./pending-store";
import type { WebhookSettings } from "./webhook-settings";

/** Where a webhook object's next sends come from: its deliveries and their ordering. */
export interface SendSource {
  store: PendingStore;
  order: OrderStore;
}

/**
 * The deliveries to send now, by the webhook's ordering: fifo sends its head alone (which holds
 * everything behind it, even while it waits for a retry); subject sends each subject's due head;
 * unordered sends what is due. A rate limit paces single sends; otherwise up to maxInFlight.
 */
export function nextBatch(
  { store, order }: SendSource,
  settings: WebhookSettings,
  now: number,
): PendingRow[] {
  if (settings.ordering === "fifo") {
    const head = store.head();
    return head && head.next_attempt_at <= now ? [head] : [];
  }
  const limit = settings.rateLimitPerSecond ? 1 : settings.maxInFlight;
  if (settings.ordering === "subject") return order.subjectHeads(now, limit);
  return store.due(now, limit);
}

/** When the webhook's next send falls due by its ordering (unix ms), or null when nothing waits. */
export function nextSendDueAt(
  { store, order }: SendSource,
  settings: WebhookSettings,
): number | null {
  if (settings.ordering === "fifo") return store.head()?.next_attempt_at ?? null;
  if (settings.ordering === "subject") return order.subjectNextDueAt();
  return store.nextDueAt();
}

/** How long a rate-limited webhook waits before its next send (ms; 0 without a limit). */
export function paceWait(settings: WebhookSettings, lastSendAt: number, now: number): number {
  if (!settings.rateLimitPerSecond) return 0;
  return Math.max(0, lastSendAt + 1000 / settings.rateLimitPerSecond - now);
}
