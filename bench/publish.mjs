// `npm run bench:publish [-- --file=bench/results/<run>.jsonl] [-- --profile=quick]`
// Puts the last full run's charts in docs/bench/ (throughput.svg, s6-latency.svg,
// s10-noisy-neighbour.svg) for the README. The charts are drawn again from the run's JSON lines
// by the same code that drew them beside the results, so a run from before charts existed
// can be published too. Only Miniflare runs of the asked profile (default full) are looked at.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { runCharts } from "./lib/charts.mjs";
import { projectRoot, resultsDir } from "./lib/paths.mjs";

const { values: args } = parseArgs({
  options: { file: { type: "string" }, profile: { type: "string", default: "full" } },
});

const readLines = (file) =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));

/** The newest results file of the profile in the Miniflare harness, or null. */
function lastRun(profile) {
  const files = readdirSync(resultsDir)
    .filter((f) => f.endsWith("-miniflare.jsonl"))
    .sort()
    .reverse();
  for (const f of files) {
    const file = path.join(resultsDir, f);
    if (readLines(file)[0]?.profile === profile) return file;
  }
  return null;
}

const file = args.file ?? lastRun(args.profile);
if (!file) {
  process.stderr.write(
    `no ${args.profile} Miniflare run in ${resultsDir}: run \`npm run bench\`\n`,
  );
  process.exit(1);
}
const lines = readLines(file);
const meta = lines[0];
const caption = `${meta.profile} run ${meta.startedAt.slice(0, 10)}, ${meta.git.sha}, ${meta.harness} harness, ${meta.rounds} round(s)`;
const outDir = path.join(projectRoot, "docs", "bench");
mkdirSync(outDir, { recursive: true });
for (const [name, svg] of Object.entries(runCharts(lines, caption))) {
  const out = path.join(outDir, `${name}.svg`);
  writeFileSync(out, svg);
  process.stdout.write(
    `${path.relative(projectRoot, out)} (from ${path.relative(projectRoot, file)})\n`,
  );
}
