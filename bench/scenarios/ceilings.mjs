// The ceilings, loaded exactly like Herald (same tool, connections, bodies):
//   C0 the receiver itself (a bare Node HTTP server), C1 a worker answering 200,
//   C2 a worker making one outbound POST to the receiver per request,
//   C3 a worker sending each request to a queue whose consumer acks.
import { singleBody } from "../lib/herald-api.mjs";
import { runLoad } from "../lib/load.mjs";
import { startMeter } from "../lib/proc-stats.mjs";

async function closedLoop(host, path, { connections, loadS }) {
  const meter = startMeter({ host: host.pid });
  const load = await runLoad({
    url: host.url,
    path,
    body: singleBody,
    connections,
    durationS: loadS,
  });
  const measured = meter.stop();
  const usage = measured.host;
  return {
    value: load.ok / load.durationS,
    unit: "req/s",
    requests: load.ok,
    failures: load.non2xx + load.errors,
    cpuMicrosPerEvent: load.ok ? usage.cpuMicros / load.ok : null,
    peakRssBytes: usage.peakRssBytes,
    otherCores: measured.otherCores,
    latencyMs: load.latencyMs,
  };
}

/** C0: the receiver's bare path. */
export const c0 = (ctx, opts) => closedLoop(ctx.receiver, "/c0", opts);

/** C1: a worker answering 200. */
export const c1 = (ctx, opts) => closedLoop(ctx.ceilings.c1, "/", opts);

/** C2: one outbound POST per request. */
export const c2 = (ctx, opts) => closedLoop(ctx.ceilings.c2, "/", opts);

/** C3: queue send per request; the figure is messages consumed per second, sends to last ack. */
export async function c3(ctx, { connections, loadS, drainMaxS }) {
  const host = ctx.ceilings.c3;
  const consumed = async () => (await (await fetch(host.url)).json()).consumed;
  const before = await consumed();
  const meter = startMeter({ host: host.pid });
  const started = Date.now();
  const load = await runLoad({
    url: host.url,
    path: "/",
    body: singleBody,
    connections,
    durationS: loadS,
  });
  let done = (await consumed()) - before;
  const deadline = Date.now() + drainMaxS * 1000;
  while (done < load.ok && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    done = (await consumed()) - before;
  }
  const elapsedS = (Date.now() - started) / 1000;
  const measured = meter.stop();
  const usage = measured.host;
  return {
    value: done / elapsedS,
    unit: "msg/s",
    requests: load.ok,
    sentPerS: load.ok / load.durationS,
    consumed: done,
    lost: Math.max(0, load.ok - done),
    failures: load.non2xx + load.errors,
    cpuMicrosPerEvent: done ? usage.cpuMicros / done : null,
    peakRssBytes: usage.peakRssBytes,
    otherCores: measured.otherCores,
    latencyMs: load.latencyMs,
  };
}
