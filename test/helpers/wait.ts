import { rowsOfAllShards } from "./shards";

/** Polls `check` until it returns a truthy value (bounded), then returns it. */
export async function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until a webhook's deliveries in D1 reach the given statuses (mirrored by its object). */
export async function deliveriesInD1(
  webhookId: string,
  expected: Record<string, number>,
  timeoutMs = 15_000,
) {
  return eventually(
    async () => {
      const results = (
        await rowsOfAllShards<{
          id: string;
          event_id: string;
          status: string;
          attempt_count: number;
        }>(
          "SELECT id, event_id, status, attempt_count FROM deliveries WHERE webhook_id = ?",
          webhookId,
        )
      ).sort((a, b) => (a.id < b.id ? -1 : 1));
      const counts: Record<string, number> = {};
      for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1;
      const matches = Object.entries(expected).every(([status, n]) => (counts[status] ?? 0) === n);
      return matches ? results : null;
    },
    `deliveries ${JSON.stringify(expected)} of webhook ${webhookId}`,
    timeoutMs,
  );
}
