// S10 noisy neighbour: a quiet wallet posts at a modest, evenly paced rate to one webhook, first
// alone, then while another wallet floods ingest at 10 x its ingest limit. Both wallets keep
// the default limits (100 events/s, burst 200): the flood is mostly answered 429 by the noisy
// wallet's limiter, and what it is let through is delivered to its own webhook. The figure is
// the quiet wallet's ingest-to-delivery p99 under the flood over its p99 alone; the quiet
// wallet must see no 429 (any non-2xx of its own counts as a failed request).
import { singleBody } from "../lib/herald-api.mjs";
import { runPaced } from "../lib/paced-load.mjs";
import { startMeter, waitUntilIdle } from "../lib/proc-stats.mjs";
import { percentile } from "../lib/stats.mjs";
import { receiverTotals, registerHooks, waitForDeliveries, webhooksFor } from "../lib/webhooks.mjs";

/** The default ingest limit (LIMIT_INGEST_PER_SECOND) the flood is a multiple of. */
const NOISY_LIMIT_PER_S = 100;
const FLOOD_FACTOR = 10;
/** The quiet wallet's rate: a tenth of its limit. */
const QUIET_PER_S = 10;

/** Posts the quiet wallet's events for `durationS` and waits for them to arrive. */
async function quietRun(ctx, opts, label, flood) {
  const { url } = ctx.herald;
  const quiet = await webhooksFor(ctx, `s10-quiet-${label}`, [{ behaviour: "ok" }], {
    defaults: true,
  });
  const noisy = flood
    ? await webhooksFor(ctx, `s10-noisy-${label}`, [{ behaviour: "ok" }], { defaults: true })
    : null;
  // Registering replaces the receiver's list: both wallets' webhooks, once more, together.
  if (noisy) await registerHooks(ctx, [...quiet.hooks, ...noisy.hooks]);
  const post = (wallet, rate, lanes) =>
    runPaced({
      url,
      path: "/v1/events",
      headers: { authorization: `Bearer ${wallet.apiKey}` },
      body: singleBody,
      lanes,
      rate,
      durationS: opts.s10LoadS,
    });
  // The load generator runs in this Node process, on the same 2 cores as Herald: its own CPU
  // while posting is reported beside the figure.
  const cpuBefore = process.cpuUsage();
  const [quietLoad, noisyLoad] = await Promise.all([
    post(quiet.wallet, QUIET_PER_S, 4),
    noisy ? post(noisy.wallet, NOISY_LIMIT_PER_S * FLOOD_FACTOR, 64) : null,
  ]);
  const cpu = process.cpuUsage(cpuBefore);
  const postingS = Math.max(quietLoad.durationS, noisyLoad?.durationS ?? 0);
  const loadCpuShare = (cpu.user + cpu.system) / 1e6 / postingS;
  await waitForDeliveries(ctx, quiet.hooks, quietLoad.ok, opts.drainMaxS * 1000);
  if (noisy) await waitForDeliveries(ctx, noisy.hooks, noisyLoad.ok, opts.drainMaxS * 1000);
  const quietTotals = await receiverTotals(ctx, quiet.hooks, { latencies: true });
  const noisyTotals = noisy ? await receiverTotals(ctx, noisy.hooks) : null;
  return { quiet, quietLoad, quietTotals, noisyLoad, noisyTotals, loadCpuShare };
}

/** S10: the quiet wallet's delivery p99 with a flooding neighbour over its p99 alone. */
export async function s10(ctx, opts) {
  const { pid } = ctx.herald;
  const meter = startMeter({ herald: pid });
  const alone = await quietRun(ctx, opts, "alone", false);
  await waitUntilIdle(pid, { maxMs: 30_000 });
  const flooded = await quietRun(ctx, opts, "flooded", true);
  await waitUntilIdle(pid, { maxMs: 30_000 });
  const measured = meter.stop();
  const p99Alone = percentile(alone.quietTotals.latencies, 99);
  const p99Flooded = percentile(flooded.quietTotals.latencies, 99);
  const quietAccepted = alone.quietLoad.ok + flooded.quietLoad.ok;
  const quietDelivered = alone.quietTotals.delivered + flooded.quietTotals.delivered;
  const noisyAccepted = flooded.noisyLoad.ok;
  const noisyDelivered = flooded.noisyTotals.delivered;
  return {
    value: p99Flooded,
    unit: "ms p99 (quiet wallet, flooded)",
    ceiling: p99Alone,
    ratio: p99Alone ? p99Flooded / p99Alone : null,
    p50AloneMs: percentile(alone.quietTotals.latencies, 50),
    p50FloodedMs: percentile(flooded.quietTotals.latencies, 50),
    quietRate: QUIET_PER_S,
    floodRate: NOISY_LIMIT_PER_S * FLOOD_FACTOR,
    // The quiet wallet's own refusals and errors: none allowed.
    quiet429: alone.quietLoad.non2xx + flooded.quietLoad.non2xx,
    noisyPosted: flooded.noisyLoad.requests,
    // Longer than s10LoadS when Herald could not even answer the flood as fast as it came.
    floodSeconds: flooded.noisyLoad.durationS,
    // Cores the bench's own Node process (the load generator) kept busy while posting.
    loadGenCores: flooded.loadCpuShare,
    noisyAccepted,
    noisyRefused: flooded.noisyLoad.non2xx,
    accepted: quietAccepted + noisyAccepted,
    delivered: quietDelivered + noisyDelivered,
    lost: Math.max(0, quietAccepted - quietDelivered) + Math.max(0, noisyAccepted - noisyDelivered),
    duplicates: alone.quietTotals.duplicates + flooded.quietTotals.duplicates,
    orderViolations:
      alone.quietTotals.orderViolations +
      flooded.quietTotals.orderViolations +
      (flooded.noisyTotals?.orderViolations ?? 0),
    badSignatures: flooded.quietTotals.badSignatures,
    failures:
      alone.quietLoad.non2xx +
      alone.quietLoad.errors +
      flooded.quietLoad.non2xx +
      flooded.quietLoad.errors +
      flooded.noisyLoad.errors,
    peakRssBytes: measured.herald.peakRssBytes,
    otherCores: measured.otherCores,
  };
}
