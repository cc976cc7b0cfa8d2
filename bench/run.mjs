// `npm run bench [-- --quick] [-- --harness=wrangler] [-- --rounds=N] [-- --only=S1,S3]`
// Herald's benchmark: its real bundle on this machine, measured against same-run ceilings
// (C0 the receiver, C1 a trivial worker, C2 a worker posting to the receiver, C3 a worker
// sending to a queue), interleaved round by round. See bench/lib/plan.mjs for a round and
// bench/lib/targets.mjs for the targets. Everything listens on 127.0.0.1; every process it
// starts is stopped when it ends, however it ends.
import { rmSync } from "node:fs";
import { parseArgs } from "node:util";
import { localObservability } from "../scripts/lib/wrangler.mjs";
import { buildBundle } from "./lib/bundle.mjs";
import { environment } from "./lib/environment.mjs";
import { startCeiling, startHerald } from "./lib/hosts.mjs";
import { ROUND, selectedSteps } from "./lib/plan.mjs";
import { waitForQuietMachine } from "./lib/proc-stats.mjs";
import { PROFILES, WARM_UP } from "./lib/profiles.mjs";
import { startReceiver } from "./lib/receiver.mjs";
import { correctnessLines, markdownTable, summarise, writeResults } from "./lib/report.mjs";
import { stateSize } from "./lib/state-size.mjs";
import { disqualified } from "./lib/targets.mjs";

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    harness: { type: "string", default: "miniflare" },
    rounds: { type: "string" },
    only: { type: "string" },
  },
});
if (!["miniflare", "wrangler"].includes(args.harness))
  throw new Error(`--harness is miniflare or wrangler, not ${args.harness}`);
const profileName = args.quick ? "quick" : "full";
// wrangler dev is the realism check: one round unless asked for more.
const rounds = Number(
  args.rounds ?? (args.harness === "wrangler" ? 1 : PROFILES[profileName].rounds),
);
const opts = { ...PROFILES[profileName], rounds };
const selected = selectedSteps(args.only ? new Set(args.only.split(",")) : null);
const say = (line = "") => process.stdout.write(`${line}\n`);

/** Runs one round's steps; returns [{id, result}] in order. */
async function runRound(ctx, roundOpts, label) {
  const done = [];
  const round = { latest: (id) => done.findLast((d) => d.id === id && !d.result.error)?.result };
  for (const step of ROUND) {
    if (!selected.has(step.id) || (step.harness && step.harness !== ctx.harness)) continue;
    // Other work on the machine (a test run) skews everything: give it a bounded chance to finish.
    if (!step.derive && roundOpts.quietWaitS > 0)
      await waitForQuietMachine({ maxMs: roundOpts.quietWaitS * 1000 });
    const started = Date.now();
    let result;
    try {
      result = step.derive ? step.derive(round) : await step.run(ctx, roundOpts, round);
      if (!result) continue;
      if (step.pair) Object.assign(result, step.pair(round, result));
    } catch (err) {
      result = { error: String(err?.message ?? err).slice(0, 2000) };
    }
    done.push({ id: step.id, result });
    const why = disqualified(result);
    const ratio = result.ratio ? ` (ratio ${result.ratio.toFixed(2)})` : "";
    const figure =
      result.value === undefined
        ? ""
        : `${Number(result.value).toFixed(result.value < 10 ? 2 : 0)} ${result.unit}${ratio}`;
    say(
      `  ${label} ${step.id.padEnd(7)} ${figure}${why ? `  [${why}]` : ""}  ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  return done;
}

async function main() {
  const startedAt = new Date();
  const meta = {
    harness: args.harness,
    profile: profileName,
    rounds,
    startedAt: startedAt.toISOString(),
    ...environment(),
    // wrangler's local trace collector (off unless X_LOCAL_OBSERVABILITY=true): a wrangler-harness figure depends on it.
    ...(args.harness === "wrangler" ? { localObservability: localObservability() } : {}),
    /** @type {{ totalBytes: number, observabilityBytes: number } | undefined} */
    heraldState: undefined,
  };
  say(
    `Herald bench: ${profileName}, ${rounds} round(s), harness ${args.harness}${args.harness === "wrangler" ? ` (local observability ${localObservability() ? "on" : "off"})` : ""}, ${opts.connections} connections`,
  );
  say(
    `  ${meta.git.sha}${meta.git.dirty ? " (uncommitted changes)" : ""}; ${Object.entries(
      meta.tools,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
  );
  const stopping = [];
  let bundleDir = null;
  try {
    bundleDir = await buildBundle();
    const receiver = await startReceiver();
    stopping.push(receiver);
    const ceilings = {};
    for (const [name, vars] of [
      ["c1", {}],
      ["c2", { RECEIVER_URL: `${receiver.url}/c0` }],
      ["c3", {}],
    ]) {
      ceilings[name] = await startCeiling(args.harness, name, vars);
      stopping.push(ceilings[name]);
    }
    const herald = await startHerald(args.harness, bundleDir);
    stopping.push(herald);
    const ctx = { harness: args.harness, herald, receiver, ceilings };

    say("warm-up (not counted)");
    await runRound(ctx, { ...WARM_UP, connections: opts.connections }, "w");
    const runsById = new Map();
    for (let r = 1; r <= rounds; r++) {
      say(`round ${r}/${rounds}`);
      for (const { id, result } of await runRound(ctx, opts, `${r}`))
        runsById.set(id, [...(runsById.get(id) ?? []), { round: r, ...result }]);
    }

    if (args.harness === "wrangler") {
      meta.heraldState = stateSize(herald.dirs);
      say(
        `Herald's local state: ${(meta.heraldState.totalBytes / 2 ** 20).toFixed(1)} MB, of which wrangler's trace store ${(meta.heraldState.observabilityBytes / 2 ** 20).toFixed(1)} MB (local observability ${meta.localObservability ? "on" : "off"})`,
      );
    }
    const summaries = [...runsById].map(([id, runs]) => summarise(id, runs));
    const table = markdownTable(summaries);
    say();
    say(table);
    say();
    say("Correctness (every run: nothing lost, fifo order kept, every signature valid):");
    for (const line of correctnessLines(summaries)) say(`  ${line}`);
    const stamp = startedAt.toISOString().replace(/[:.]/g, "-");
    const { base, charts } = writeResults(stamp, args.harness, meta, summaries, runsById, table);
    say();
    say(`Results: ${base}.jsonl, ${base}.md`);
    if (charts.length) say(`Charts: ${charts.join(", ")}`);
    const missed = summaries.filter((s) => s.target && !s.met).map((s) => s.scenario);
    say(missed.length ? `Targets missed: ${missed.join(", ")}` : "Every target met.");
    process.exitCode = summaries.some((s) => s.disqualified.length) ? 1 : 0;
  } finally {
    for (const host of stopping.reverse()) await host.stop().catch(() => {});
    if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err?.stack ?? err}\n`);
  process.exitCode = 2;
});
