// S10's refused path alone: what one ingest request answered 429 costs. A wallet whose ingest
// rate is 1/s (burst 1) posts `s10rRequests` events closed-loop, so all but a few are refused;
// the figure is the CPU of Herald's whole process tree (Miniflare's entry, the assets router,
// Herald, its objects) per request. Less sensitive to a busy machine than a latency, so two
// checkouts can be compared with bench/compare.mjs --scenario=S10R.
import { createWallet, singleBody } from "../lib/herald-api.mjs";
import { runLoad } from "../lib/load.mjs";
import { startMeter, waitUntilIdle } from "../lib/proc-stats.mjs";
import { ADMIN_KEY } from "../lib/settings.mjs";

/** CPU µs per refused ingest request. */
export async function s10Refusals(ctx, opts) {
  const { url, pid } = ctx.herald;
  const wallet = await createWallet(url, "s10r", { defaults: true });
  const res = await fetch(`${url}/v1/wallets/${wallet.id}`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ limits: { ingestPerSecond: 1, ingestBurst: 1 } }),
  });
  if (!res.ok) throw new Error(`limits: ${res.status}`);
  const meter = startMeter({ herald: pid });
  const load = await runLoad({
    url,
    path: "/v1/events",
    headers: { authorization: `Bearer ${wallet.apiKey}` },
    body: singleBody,
    connections: opts.connections,
    amount: opts.s10rRequests ?? 3000,
  });
  await waitUntilIdle(pid, { maxMs: 10_000 });
  const measured = meter.stop();
  const refused = load.statusCodes["429"] ?? 0;
  return {
    value: measured.herald.cpuMicros / load.requests,
    unit: "CPU µs per ingest request (mostly 429)",
    cpuMicrosPerEvent: measured.herald.cpuMicros / load.requests,
    requests: load.requests,
    refused,
    perSecond: load.requests / load.durationS,
    otherCores: measured.otherCores,
    lost: 0,
  };
}
