// S4: one fifo webhook takes a backlog (events posted in batches of 100 on one connection) and
// delivers it one at a time. The figure is deliveries per second from its first delivery to its
// last, set against the best a serial loop could do on this machine: 1 / (receiver round trip +
// Herald's own CPU per delivery). The round trip is measured right before, at one connection:
// the time C2 (a worker that POSTs to the receiver) takes per request minus what C1 (a worker
// answering at once) takes.
import { batchBody } from "../lib/herald-api.mjs";
import { runLoad } from "../lib/load.mjs";
import { startMeter, waitUntilIdle } from "../lib/proc-stats.mjs";
import { receiverTotals, waitForDeliveries, webhooksFor } from "../lib/webhooks.mjs";
import { c1, c2 } from "./ceilings.mjs";

export async function s4(ctx, opts) {
  const serialC1 = await c1(ctx, { ...opts, connections: 1 });
  const serialC2 = await c2(ctx, { ...opts, connections: 1 });
  const roundTripMs = Math.max(0, 1000 / serialC2.value - 1000 / serialC1.value);

  const { url, pid } = ctx.herald;
  const { wallet, hooks } = await webhooksFor(ctx, "s4", [{ behaviour: "ok" }]);
  const meter = startMeter({ herald: pid });
  const load = await runLoad({
    url,
    path: "/v1/events/batch",
    headers: { authorization: `Bearer ${wallet.apiKey}` },
    body: batchBody(100),
    connections: 1,
    amount: Math.ceil(opts.s4Events / 100),
  });
  const expected = load.ok * 100;
  const totals = await waitForDeliveries(ctx, hooks, expected, opts.drainMaxS * 1000);
  await waitUntilIdle(pid, { maxMs: 30_000 });
  const measured = meter.stop();
  const usage = measured.herald;
  const all = await receiverTotals(ctx, hooks);

  const spanS = totals.lastAt && totals.firstAt ? (totals.lastAt - totals.firstAt) / 1000 : null;
  const value = spanS ? (totals.delivered - 1) / spanS : 0;
  const cpuMicrosPerEvent = totals.delivered ? usage.cpuMicros / totals.delivered : null;
  const overheadMs = (cpuMicrosPerEvent ?? 0) / 1000;
  const ideal = 1000 / (roundTripMs + overheadMs);
  return {
    value,
    unit: "deliveries/s",
    ceiling: ideal,
    ceilingNote: `1/(${roundTripMs.toFixed(2)} ms round trip + ${overheadMs.toFixed(2)} ms Herald CPU) = ${ideal.toFixed(0)}/s`,
    roundTripMs,
    heraldCpuMsPerDelivery: overheadMs,
    serialC1: serialC1.value,
    serialC2: serialC2.value,
    accepted: expected,
    expected,
    delivered: totals.delivered,
    lost: Math.max(0, expected - totals.delivered),
    duplicates: all.duplicates,
    orderViolations: all.orderViolations,
    badSignatures: all.badSignatures,
    failures: load.non2xx + load.errors,
    cpuMicrosPerEvent,
    peakRssBytes: usage.peakRssBytes,
    otherCores: measured.otherCores,
  };
}
