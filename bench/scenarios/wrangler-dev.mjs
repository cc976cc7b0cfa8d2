// What `npm start` users see, run in the wrangler harness only (bench/lib/plan.mjs):
//   W-unordered, W-fifo: a burst of `burstEvents` events posted over `burstConnections`
//   connections into one webhook of that ordering (a count, not a duration: requests still in
//   flight when a timed load stops are accepted yet not counted); the figure is deliveries per second from the first post to
//   the last delivery, set against C2 (the same round, the same harness). `duringIngestPerS` is
//   the delivery rate while the burst was still posting, `afterIngestPerS` the rate after it.
//   W-e2e@100: 100 events/s, evenly paced, into one webhook (default ordering, fifo); the figures
//   are p50 and p99 of ingest-to-delivery.
import { singleBody } from "../lib/herald-api.mjs";
import { runLoad } from "../lib/load.mjs";
import { runPaced } from "../lib/paced-load.mjs";
import { startMeter, waitUntilIdle } from "../lib/proc-stats.mjs";
import { percentile } from "../lib/stats.mjs";
import {
  deliveryChecks,
  receiverTotals,
  waitForDeliveries,
  webhooksFor,
} from "../lib/webhooks.mjs";

/** The every-run checks of one webhook's deliveries. */
function checks(all, expected, load) {
  return {
    ...deliveryChecks(all, expected),
    failures: load.non2xx + load.errors,
  };
}

/** A 50-connection burst into one webhook of `ordering` (fifo or unordered). */
export async function burst(ctx, opts, ordering) {
  const { url, pid } = ctx.herald;
  const { wallet, hooks } = await webhooksFor(ctx, `w-${ordering}`, [
    { behaviour: "ok", options: { ordering } },
  ]);
  const meter = startMeter({ herald: pid });
  const started = Date.now();
  const load = await runLoad({
    url,
    path: "/v1/events",
    headers: { authorization: `Bearer ${wallet.apiKey}` },
    body: singleBody,
    connections: opts.burstConnections,
    amount: opts.burstEvents,
  });
  const postedAt = Date.now();
  const duringIngest = (await receiverTotals(ctx, hooks)).delivered;
  const totals = await waitForDeliveries(ctx, hooks, load.ok, opts.drainMaxS * 1000);
  await waitUntilIdle(pid, { maxMs: 30_000 });
  const measured = meter.stop();
  const all = await receiverTotals(ctx, hooks);
  const elapsedS = totals.lastAt ? (totals.lastAt - started) / 1000 : null;
  const afterS = totals.lastAt ? (totals.lastAt - postedAt) / 1000 : null;
  return {
    value: elapsedS ? totals.delivered / elapsedS : 0,
    unit: "deliveries/s",
    accepted: load.ok,
    acceptedPerS: load.ok / ((postedAt - started) / 1000),
    duringIngestPerS: duringIngest / ((postedAt - started) / 1000),
    afterIngestPerS: afterS > 0 ? (totals.delivered - duringIngest) / afterS : null,
    ...checks(all, load.ok, load),
    cpuMicrosPerEvent: totals.delivered ? measured.herald.cpuMicros / totals.delivered : null,
    peakRssBytes: measured.herald.peakRssBytes,
    otherCores: measured.otherCores,
  };
}

/** `rate` events/s for `e2eLoadS` seconds into one default (fifo) webhook: ingest-to-delivery p50/p99. */
export async function e2eLatency(ctx, opts, rate) {
  const { url, pid } = ctx.herald;
  const { wallet, hooks } = await webhooksFor(ctx, `w-e2e-${rate}`, [{ behaviour: "ok" }]);
  const meter = startMeter({ herald: pid });
  const load = await runPaced({
    url,
    path: "/v1/events",
    headers: { authorization: `Bearer ${wallet.apiKey}` },
    body: singleBody,
    lanes: opts.connections,
    rate,
    durationS: opts.e2eLoadS,
  });
  await waitForDeliveries(ctx, hooks, load.ok, opts.drainMaxS * 1000);
  await waitUntilIdle(pid, { maxMs: 30_000 });
  const measured = meter.stop();
  const all = await receiverTotals(ctx, hooks, { latencies: true });
  return {
    value: percentile(all.latencies, 50),
    unit: "ms p50",
    p99Ms: percentile(all.latencies, 99),
    rate,
    accepted: load.ok,
    ...checks(all, load.ok, load),
    cpuMicrosPerEvent: all.delivered ? measured.herald.cpuMicros / all.delivered : null,
    peakRssBytes: measured.herald.peakRssBytes,
    otherCores: measured.otherCores,
  };
}
