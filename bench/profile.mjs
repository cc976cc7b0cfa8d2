// Where Herald's CPU goes under one scenario's load: runs the scenario once in the Miniflare
// harness with the DevTools inspector open and prints each worker's busiest functions (self and
// inclusive time). A tool for performance work, not part of `npm run bench`.
// Function names stay readable: the bundle is built unminified (--minify keeps it as deployed).
//   node bench/profile.mjs [--scenario=S1|S3|S5|S10] [--seconds=N] [--minify] [--top=N]
import { rmSync } from "node:fs";
import { parseArgs } from "node:util";
import { freePort } from "../scripts/lib/wrangler.mjs";
import { buildBundle } from "./lib/bundle.mjs";
import { startProfiles } from "./lib/cpu-profile.mjs";
import { startHerald } from "./lib/hosts.mjs";
import { PROFILES } from "./lib/profiles.mjs";
import { startReceiver } from "./lib/receiver.mjs";
import { s3 } from "./scenarios/end-to-end.mjs";
import { s5 } from "./scenarios/fan-out.mjs";
import { s1 } from "./scenarios/ingest.mjs";
import { s10 } from "./scenarios/noisy-neighbour.mjs";

const { values: args } = parseArgs({
  options: {
    scenario: { type: "string", default: "S1" },
    seconds: { type: "string", default: "5" },
    minify: { type: "boolean", default: false },
    top: { type: "string", default: "30" },
  },
});
const SCENARIOS = { S1: s1, S3: s3, S5: s5, S10: s10 };
const run = SCENARIOS[args.scenario];
if (!run) throw new Error(`--scenario is one of ${Object.keys(SCENARIOS).join(", ")}`);
const opts = {
  ...PROFILES.quick,
  loadS: Number(args.seconds),
  s3Events: 100 * Number(args.seconds),
  s10LoadS: Number(args.seconds),
};

async function main() {
  const bundleDir = await buildBundle(undefined, { minify: args.minify });
  const inspectorPort = await freePort();
  const herald = await startHerald("miniflare", bundleDir, { inspectorPort });
  const receiver = await startReceiver();
  try {
    const ctx = { herald, receiver };
    await run(ctx, { ...opts, loadS: 1, s3Events: 50, s10LoadS: 1 }); // warm-up, unprofiled
    const profiles = await startProfiles(inspectorPort);
    const result = await run(ctx, opts);
    const summary = await profiles.stop(Number(args.top));
    process.stdout.write(
      `${args.scenario}: ${Number(result.value).toFixed(0)} ${result.unit}, ${result.cpuMicrosPerEvent?.toFixed(0)} us CPU/event\n`,
    );
    for (const [title, { busyMs, top, inclusive }] of Object.entries(summary)) {
      process.stdout.write(
        `\n== ${title}: ${busyMs} ms busy\n-- self\n${top.join("\n")}\n-- inclusive\n${inclusive.join("\n")}\n`,
      );
    }
  } finally {
    await Promise.allSettled([herald.stop(), receiver.stop()]);
    rmSync(bundleDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
