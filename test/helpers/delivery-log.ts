import { rowsOfAllShards, walletDb } from "./shards";

/** A delivery as the webhook object mirrors it into D1. */
export interface DeliveryRecord {
  id: string;
  wallet_id: string;
  event_id: string;
  webhook_id: string;
  event_type: string;
  status: string;
  attempt_count: number;
  next_attempt_at: string | null;
  last_status_code: number | null;
  created_at: string;
  updated_at: string;
}

/** One attempt as mirrored into D1. */
export interface AttemptRecord {
  delivery_id: string;
  n: number;
  webhook_id: string;
  started_at: string;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  response_body: string | null;
}

/** Polls `probe` (bounded) until it returns something truthy, and returns that. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

/** Waits in real time (alarms and the queue consumer run for real). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Every mirrored delivery of a webhook, oldest first. */
export async function deliveriesOf(webhookId: string): Promise<DeliveryRecord[]> {
  const rows = await rowsOfAllShards<DeliveryRecord>(
    "SELECT * FROM deliveries WHERE webhook_id = ?",
    webhookId,
  );
  const key = (d: DeliveryRecord) => `${d.created_at} ${d.id}`;
  return rows.sort((a, b) => (key(a) < key(b) ? -1 : 1));
}

/** The mirrored attempts of one delivery, in order. */
export async function attemptsOf(deliveryId: string): Promise<AttemptRecord[]> {
  const rows = await rowsOfAllShards<AttemptRecord>(
    "SELECT * FROM attempts WHERE delivery_id = ?",
    deliveryId,
  );
  return rows.sort((a, b) => a.n - b.n);
}

/** Waits until the webhook's only delivery satisfies `done`, and returns it with its attempts. */
export async function settledDelivery(
  webhookId: string,
  done: (delivery: DeliveryRecord, attempts: AttemptRecord[]) => boolean,
  timeoutMs = 15_000,
): Promise<{ delivery: DeliveryRecord; attempts: AttemptRecord[] }> {
  return eventually(
    `the delivery of webhook ${webhookId} to settle`,
    async () => {
      const [delivery] = await deliveriesOf(webhookId);
      if (!delivery) return null;
      const attempts = await attemptsOf(delivery.id);
      return done(delivery, attempts) ? { delivery, attempts } : null;
    },
    timeoutMs,
  );
}

/** An accepted event as the consumer stored it. */
export async function storedEvent(
  walletId: string,
  eventId: string,
): Promise<{ created_at: string; seq: number }> {
  return eventually(`event ${eventId} to be stored`, () =>
    walletDb(walletId)
      .prepare("SELECT created_at, seq FROM events WHERE wallet_id = ? AND id = ?")
      .bind(walletId, eventId)
      .first<{ created_at: string; seq: number }>(),
  );
}
