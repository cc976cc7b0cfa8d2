// S11 soak memory: many events through Herald's normal path (POST /v1/events, queue, consumer,
// webhook objects, D1 mirror) to two webhooks (one fifo, one unordered), posted closed loop
// in two parts: the first tenth, then the rest. The process tree's RSS is sampled all along;
// the figure is its peak over the whole run over its peak during the first tenth (posted and
// delivered): memory that grows with work done shows as a ratio above 1. Both peaks are taken
// under the same load, so the load's own buffers count in both. Every delivery is checked by
// the receiver (nothing lost, fifo order kept, signatures valid). scripts/soak.mjs is the
// wrangler-dev soak with failing receivers and invariants read back from Herald's API; this
// one measures memory in the bench's harness, against its receiver.
import { isolateUsage, singleBody, usagePerEvent } from "../lib/herald-api.mjs";
import { runLoad } from "../lib/load.mjs";
import { startMeter, treeRssBytes, waitUntilIdle } from "../lib/proc-stats.mjs";
import {
  deliveryChecks,
  receiverTotals,
  waitForDeliveries,
  webhooksFor,
} from "../lib/webhooks.mjs";

/** The share of the events after which the reference peak is read. */
const FIRST_SHARE = 0.1;

/** S11: peak RSS after `opts.s11Events` over the peak during the first tenth. */
export async function s11(ctx, opts) {
  const { url, pid } = ctx.herald;
  const total = opts.s11Events;
  const first = Math.round(total * FIRST_SHARE);
  const { wallet, hooks } = await webhooksFor(ctx, "s11", [
    { behaviour: "ok" },
    { behaviour: "ok", options: { ordering: "unordered" } },
  ]);
  // Each part numbers its posters from 0: the second's are moved past the first's, so the
  // receiver's per-poster order check sees two posters, not one going back to n = 0.
  const post = (amount, connOffset) =>
    runLoad({
      url,
      path: "/v1/events",
      headers: { authorization: `Bearer ${wallet.apiKey}` },
      body: (seq) => singleBody({ ...seq, conn: seq.conn + connOffset }),
      connections: opts.connections,
      amount,
    });
  const usage0 = await isolateUsage(url);
  const meter = startMeter({ herald: pid });
  const started = Date.now();

  // Part one: the first tenth, delivered and settled; the peak so far is the reference.
  const loadA = await post(first, 0);
  await waitForDeliveries(ctx, hooks, loadA.ok * hooks.length, opts.drainMaxS * 1000);
  await waitUntilIdle(pid, { maxMs: 30_000 });
  const atFirst = meter.peek();
  const settledFirst = treeRssBytes(pid);

  // Part two: the rest, to the last delivery.
  const loadB = await post(total - first, opts.connections);
  const accepted = loadA.ok + loadB.ok;
  const expected = accepted * hooks.length;
  const totals = await waitForDeliveries(
    ctx,
    hooks,
    expected,
    opts.drainMaxS * 1000 * (1 / FIRST_SHARE),
  );
  await waitUntilIdle(pid, { maxMs: 30_000 });
  const settledEnd = treeRssBytes(pid);
  const measured = meter.stop();
  const perEvent = usagePerEvent(usage0, await isolateUsage(url), accepted);
  const all = await receiverTotals(ctx, hooks);
  const peakFirst = atFirst.herald.peakRssBytes;
  const peakEnd = measured.herald.peakRssBytes;
  return {
    value: peakFirst ? peakEnd / peakFirst : null,
    unit: `x (peak RSS after ${total} events / after ${first})`,
    events: total,
    firstEvents: first,
    peakRssFirstBytes: peakFirst,
    peakRssBytes: peakEnd,
    settledRssFirstBytes: settledFirst,
    settledRssEndBytes: settledEnd,
    deliveriesPerS: totals.lastAt ? totals.delivered / ((totals.lastAt - started) / 1000) : 0,
    accepted,
    ...deliveryChecks(all, expected),
    failures: loadA.non2xx + loadA.errors + loadB.non2xx + loadB.errors,
    cpuMicrosPerEvent: all.delivered ? measured.herald.cpuMicros / all.delivered : null,
    otherCores: measured.otherCores,
    webhooks: hooks.length,
    ...perEvent,
  };
}
