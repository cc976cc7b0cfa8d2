// Compares checkouts of Herald on one scenario, interleaved run by run (A, B, B, A, ...), so a
// change's effect shows through a noisy machine. Each checkout needs wrangler.toml, src/,
// migrations/ and node_modules (a symlink to this one's will do).
//   node bench/compare.mjs --scenario=S3 --rounds=4 [--s6-deliveries=400] /path/to/before /path/to/after
// --harness=wrangler runs each under `wrangler dev`; there --local-observability=off,on runs each
// checkout once per setting of wrangler's trace collector (X_LOCAL_OBSERVABILITY), A/B as well.
import { rmSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildBundle } from "./lib/bundle.mjs";
import { startCeiling, startHerald } from "./lib/hosts.mjs";
import { PROFILES, WARM_UP } from "./lib/profiles.mjs";
import { startReceiver } from "./lib/receiver.mjs";
import { spread } from "./lib/stats.mjs";
import { s3, s7, s9 } from "./scenarios/end-to-end.mjs";
import { s5 } from "./scenarios/fan-out.mjs";
import { s4 } from "./scenarios/fifo.mjs";
import { s1, s2 } from "./scenarios/ingest.mjs";
import { s6 } from "./scenarios/latency.mjs";
import { s10Refusals } from "./scenarios/refusal-cost.mjs";
import { burst } from "./scenarios/wrangler-dev.mjs";

const { values: args, positionals: checkouts } = parseArgs({
  options: {
    scenario: { type: "string", default: "S3" },
    rounds: { type: "string", default: "4" },
    // S6's rate is a quarter of this many deliveries/s: lower it on a busy machine, where a
    // backlog would hide the latency floor.
    "s6-deliveries": { type: "string", default: "400" },
    harness: { type: "string", default: "miniflare" },
    "local-observability": { type: "string", default: "off" },
  },
  allowPositionals: true,
});
const SCENARIOS = {
  S1: s1,
  S2: s2,
  S3: s3,
  S4: s4,
  S5: s5,
  S7: s7,
  S9: s9,
  S10R: s10Refusals,
  S6: (ctx, o) => s6(ctx, o, { share: 0.25, s3DeliveriesPerS: o.s6DeliveriesPerS }),
  "W-fifo": (ctx, o) => burst(ctx, o, "fifo"),
  "W-unordered": (ctx, o) => burst(ctx, o, "unordered"),
};
const harness = args.harness;
if (!["miniflare", "wrangler"].includes(harness))
  throw new Error(`--harness is miniflare or wrangler, not ${harness}`);
const traceSettings = args["local-observability"].split(",");
const run = SCENARIOS[args.scenario];
if (!run || checkouts.length < 1)
  throw new Error(
    `usage: node bench/compare.mjs --scenario=${Object.keys(SCENARIOS).join("|")} [--rounds=N] <checkout> [<checkout> ...]`,
  );
const opts = {
  ...PROFILES.quick,
  loadS: 3,
  s3Events: 300,
  s4Events: 500,
  s5Events: 8,
  s6LoadS: 4,
  s6DeliveriesPerS: Number(args["s6-deliveries"]),
  burstConnections: 50,
  burstEvents: 300,
  // A drain cut short counts as lost: give a loaded machine time (quick's 60 s was not enough for S3 under wrangler dev).
  drainMaxS: 180,
};
const fmt = (s, digits = 0) =>
  s ? `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}-${s.max.toFixed(digits)})` : "-";

async function main() {
  const stops = [];
  const bundles = [];
  try {
    const receiver = await startReceiver();
    stops.push(receiver);
    const ceilings = {};
    if (args.scenario === "S4") {
      ceilings.c1 = await startCeiling(harness, "c1");
      ceilings.c2 = await startCeiling(harness, "c2", { RECEIVER_URL: `${receiver.url}/c0` });
      stops.push(ceilings.c1, ceilings.c2);
    }
    const contexts = [];
    for (const checkout of checkouts) {
      const root = path.resolve(checkout);
      // Built in both harnesses: building also writes the checkout's static assets (public/),
      // which wrangler dev needs too.
      const bundle = await buildBundle(root);
      bundles.push(bundle);
      for (const traces of harness === "wrangler" ? traceSettings : ["off"]) {
        const herald = await startHerald(harness, bundle, {
          configPath: path.join(root, "wrangler.toml"),
          env: { X_LOCAL_OBSERVABILITY: traces === "on" ? "true" : "false" },
        });
        stops.push(herald);
        contexts.push({
          name: harness === "wrangler" ? `${checkout} (traces ${traces})` : checkout,
          ctx: { harness, herald, receiver, ceilings },
          runs: [],
        });
      }
    }
    for (const c of contexts)
      await run(c.ctx, { ...opts, ...WARM_UP, connections: opts.connections });
    for (let r = 0; r < Number(args.rounds); r++) {
      for (const c of r % 2 ? [...contexts].reverse() : contexts) {
        const x = await run(c.ctx, opts);
        c.runs.push(x);
        process.stdout.write(
          `${r + 1} ${c.name}: ${Number(x.value).toFixed(1)} ${x.unit}, CPU ${x.cpuMicrosPerEvent?.toFixed(0)} µs/event, other load ${x.otherCores?.toFixed(2)}, lost ${x.lost}\n`,
        );
      }
    }
    for (const c of contexts) {
      process.stdout.write(
        `${args.scenario} ${c.name}: ${fmt(spread(c.runs.map((x) => x.value)), 1)} ${c.runs[0]?.unit}; CPU µs/event ${fmt(spread(c.runs.map((x) => x.cpuMicrosPerEvent)))}\n`,
      );
    }
  } finally {
    for (const s of stops.reverse()) await s.stop().catch(() => {});
    for (const b of bundles) rmSync(b, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`compare failed: ${err?.stack ?? err}\n`);
  process.exitCode = 2;
});
