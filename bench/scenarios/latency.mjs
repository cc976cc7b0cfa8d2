// S6 latency: events posted at a fixed, evenly paced rate (bench/lib/paced-load.mjs), 25 % and then 50 % of the capacity S3 measured in
// the same round (S3's deliveries/s over its 10 webhooks), to a wallet with 10 webhooks like
// S3's. The figures are p50 and p99 of ingest-to-delivery over every delivery (posting time
// travels in the event; the receiver stamps arrival on the same clock).
import { singleBody } from "../lib/herald-api.mjs";
import { runPaced } from "../lib/paced-load.mjs";
import { startMeter, waitUntilIdle } from "../lib/proc-stats.mjs";
import { percentile } from "../lib/stats.mjs";
import {
  deliveryChecks,
  receiverTotals,
  waitForDeliveries,
  webhooksFor,
} from "../lib/webhooks.mjs";

const WEBHOOKS = 10;

/** One level: `share` of `s3DeliveriesPerS`. */
export async function s6(ctx, opts, { share, s3DeliveriesPerS }) {
  const { url, pid } = ctx.herald;
  const rate = Math.max(1, Math.round((share * s3DeliveriesPerS) / WEBHOOKS));
  const { wallet, hooks } = await webhooksFor(
    ctx,
    `s6-${share * 100}`,
    Array.from({ length: WEBHOOKS }, () => ({ behaviour: "ok" })),
  );
  const meter = startMeter({ herald: pid });
  const load = await runPaced({
    url,
    path: "/v1/events",
    headers: { authorization: `Bearer ${wallet.apiKey}` },
    body: singleBody,
    lanes: opts.connections,
    rate,
    durationS: opts.s6LoadS,
  });
  const expected = load.ok * WEBHOOKS;
  await waitForDeliveries(ctx, hooks, expected, opts.drainMaxS * 1000);
  await waitUntilIdle(pid, { maxMs: 30_000 });
  const measured = meter.stop();
  const usage = measured.herald;
  const all = await receiverTotals(ctx, hooks, { latencies: true });
  return {
    value: percentile(all.latencies, 50),
    unit: "ms p50",
    p99Ms: percentile(all.latencies, 99),
    rate,
    share,
    accepted: load.ok,
    ...deliveryChecks(all, expected),
    failures: load.non2xx + load.errors,
    cpuMicrosPerEvent: all.delivered ? usage.cpuMicros / all.delivered : null,
    peakRssBytes: usage.peakRssBytes,
    otherCores: measured.otherCores,
  };
}
