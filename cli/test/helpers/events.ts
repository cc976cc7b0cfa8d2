import { heraldUrl } from "../../../test/node/helpers/herald.ts";

/** An event of the log, read once the queue consumer has stored it (polling, bounded). */
export async function storedEvent<T = { type: string; data: Record<string, unknown> }>(
  key: string,
  id: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${heraldUrl()}/v1/events/${id}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    if (res.ok) return (await res.json()) as T;
    await res.body?.cancel();
    if (res.status !== 404 || Date.now() > deadline)
      throw new Error(`event ${id} not readable: ${res.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Posts events in one batch (in this order) with the wallet's key; returns their ids. */
export async function postBatch(
  key: string,
  events: { id?: string; type: string; data: object }[],
) {
  const res = await fetch(`${heraldUrl()}/v1/events/batch`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ events }),
  });
  if (res.status !== 202) throw new Error(`batch answered ${res.status}: ${await res.text()}`);
  return events.map((e) => e.id);
}
