import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { WebhookObject } from "../../src/delivery/webhook-object";

/** The stub of one webhook's (or notify target's) object. */
export function objectOf(name: string): DurableObjectStub<WebhookObject> {
  return env.WEBHOOK_OBJECT.get(env.WEBHOOK_OBJECT.idFromName(name));
}

/** One delivery row as the object stores it (the fields tests look at). */
export interface HeldDelivery {
  key: string;
  delivery_id: string;
  event_id: string;
  status: string;
  attempt_count: number;
  next_attempt_at: number;
}

/** The deliveries an object holds, in acceptance order: what a hand-off left there. */
export async function heldDeliveries(name: string): Promise<HeldDelivery[]> {
  return runInDurableObject(
    objectOf(name),
    (_instance: WebhookObject, state) =>
      state.storage.sql
        .exec<Record<string, SqlStorageValue>>(
          "SELECT key, delivery_id, event_id, status, attempt_count, next_attempt_at FROM deliveries ORDER BY seq",
        )
        .toArray() as unknown as HeldDelivery[],
  );
}

/** The event ids an object holds, in acceptance order. */
export async function heldEventIds(name: string): Promise<string[]> {
  return (await heldDeliveries(name)).map((d) => d.event_id);
}
