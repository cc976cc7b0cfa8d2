// S1 ingest only (auth, validation, enqueue), one event a request; S2 the same, 100 events a
// request. A fresh wallet with no webhooks: the figure is events accepted (202) per second; the
// CPU counts everything the events cost Herald, the consumer storing them included (measured
// until Herald goes quiet). Afterwards the wallet's event log must hold every accepted event.
import {
  batchBody,
  countStoredEvents,
  createWallet,
  isolateUsage,
  singleBody,
  usagePerEvent,
} from "../lib/herald-api.mjs";
import { runLoad } from "../lib/load.mjs";
import { startMeter, waitUntilIdle } from "../lib/proc-stats.mjs";

async function ingest(ctx, { connections, loadS, drainMaxS }, { path, body, perRequest }) {
  const { url, pid } = ctx.herald;
  const wallet = await createWallet(url, `bench ${path}`);
  const usage0 = await isolateUsage(url);
  const meter = startMeter({ herald: pid });
  const load = await runLoad({
    url,
    path,
    headers: { authorization: `Bearer ${wallet.apiKey}` },
    body,
    connections,
    durationS: loadS,
  });
  const quiet = await waitUntilIdle(pid, { maxMs: drainMaxS * 1000 });
  const measured = meter.stop();
  const usage = measured.herald;
  const accepted = load.ok * perRequest;
  // D1 and object calls per accepted event (read before the log check below adds its reads).
  const perEvent = usagePerEvent(usage0, await isolateUsage(url), accepted);

  // Every accepted event must be in the log; it may still be on its way if the queue retried a batch.
  let stored = { count: 0, cursor: null };
  const deadline = Date.now() + drainMaxS * 1000;
  for (;;) {
    const more = await countStoredEvents(url, wallet.id, stored.cursor);
    stored = { count: stored.count + more.count, cursor: more.cursor };
    if (stored.count >= accepted || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return {
    value: accepted / load.durationS,
    unit: "events/s",
    accepted,
    stored: stored.count,
    lost: Math.max(0, accepted - stored.count),
    failures: load.non2xx + load.errors,
    quiet,
    cpuMicrosPerEvent: accepted ? usage.cpuMicros / accepted : null,
    peakRssBytes: usage.peakRssBytes,
    otherCores: measured.otherCores,
    latencyMs: load.latencyMs,
    ...perEvent,
  };
}

/** S1: POST /v1/events, one event a request. */
export const s1 = (ctx, opts) =>
  ingest(ctx, opts, { path: "/v1/events", body: singleBody, perRequest: 1 });

/** S2: POST /v1/events/batch, 100 events a request. */
export const s2 = (ctx, opts) =>
  ingest(ctx, opts, { path: "/v1/events/batch", body: batchBody(100), perRequest: 100 });
