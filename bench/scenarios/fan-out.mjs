// S5 fan-out: one event to 100 webhooks, one event at a time (each posted once the last one
// reached all 100). The figure is the p99 over the events of ingest-to-last-delivery: from the
// moment the event is posted until the 100th webhook has it.
import { eventOf } from "../lib/herald-api.mjs";
import { startMeter, waitUntilIdle } from "../lib/proc-stats.mjs";
import { percentile } from "../lib/stats.mjs";
import {
  deliveryChecks,
  receiverTotals,
  waitForDeliveries,
  webhooksFor,
} from "../lib/webhooks.mjs";

const FAN_OUT = 100;
const PER_EVENT_MAX_MS = 30_000;

export async function s5(ctx, opts) {
  const { url, pid } = ctx.herald;
  const { wallet, hooks } = await webhooksFor(
    ctx,
    "s5",
    Array.from({ length: FAN_OUT }, () => ({ behaviour: "ok" })),
  );
  const meter = startMeter({ herald: pid });
  const spans = [];
  let failures = 0;
  for (let n = 0; n < opts.s5Events; n++) {
    const event = eventOf(0, n);
    const res = await fetch(`${url}/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${wallet.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify(event),
    });
    await res.arrayBuffer();
    if (res.status !== 202) {
      failures++;
      continue;
    }
    const target = FAN_OUT * (n + 1 - failures);
    const totals = await waitForDeliveries(ctx, hooks, target, PER_EVENT_MAX_MS);
    // Not all there within the wait: counted as the whole wait (and as lost, below).
    spans.push(
      totals.delivered >= target
        ? totals.lastAt - event.data.postedAt
        : Date.now() - event.data.postedAt,
    );
  }
  const expected = FAN_OUT * (opts.s5Events - failures);
  await waitUntilIdle(pid, { maxMs: 30_000 });
  const measured = meter.stop();
  const usage = measured.herald;
  const all = await receiverTotals(ctx, hooks);
  return {
    value: percentile(spans, 99),
    unit: "ms p99",
    p50Ms: percentile(spans, 50),
    accepted: opts.s5Events - failures,
    ...deliveryChecks(all, expected),
    failures,
    cpuMicrosPerEvent: all.delivered ? usage.cpuMicros / all.delivered : null,
    peakRssBytes: usage.peakRssBytes,
    otherCores: measured.otherCores,
  };
}
