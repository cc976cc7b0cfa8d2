// Summaries of a bench's runs: one JSON line per scenario in bench/results/, a Markdown table
// and the correctness checks on stdout.
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { runCharts } from "./charts.mjs";
import { resultsDir } from "./paths.mjs";
import { spread } from "./stats.mjs";
import { disqualified, TARGETS } from "./targets.mjs";

const SUMMED = [
  "accepted",
  "delivered",
  "lost",
  "duplicates",
  "orderViolations",
  "badSignatures",
  "failures",
];

/** A scenario's runs folded into medians and ranges (valid runs only) and summed checks (all runs). */
export function summarise(id, runs) {
  const valid = runs.filter((r) => !disqualified(r));
  const pick = (key) => spread(valid.map((r) => r[key]));
  const summary = {
    scenario: id,
    runs: runs.length,
    validRuns: valid.length,
    unit: runs.find((r) => r.unit)?.unit ?? "",
    value: pick("value"),
    ceiling: pick("ceiling"),
    ratio: pick("ratio"),
    p99Ms: pick("p99Ms"),
    cpuMicrosPerEvent: pick("cpuMicrosPerEvent"),
    peakRssBytes: pick("peakRssBytes"),
    otherCores: pick("otherCores"),
    disqualified: runs.map(disqualified).filter(Boolean),
  };
  for (const key of SUMMED) summary[key] = runs.reduce((sum, r) => sum + (r[key] ?? 0), 0);
  const target = TARGETS[id];
  if (target) {
    summary.target = target.text;
    summary.met = valid.length > 0 && Boolean(target.met(summary));
  }
  return summary;
}

const num = (x, digits = 0) => (x === null || x === undefined ? "" : Number(x).toFixed(digits));
const withRange = (s, digits = 0) =>
  s ? `${num(s.median, digits)} (${num(s.min, digits)}-${num(s.max, digits)})` : "";

/** The Markdown table of every scenario's summary. */
export function markdownTable(summaries) {
  const lines = [
    "| scenario | figure: median (min-max) | unit | ceiling (median) | ratio: median (min-max) | target | met | CPU µs/event | peak RSS MB | other load (cores) | accepted | delivered | lost | dup | order | bad sig | valid runs |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const s of summaries) {
    const extra = s.p99Ms ? `; p99 ${withRange(s.p99Ms)} ms` : "";
    lines.push(
      `| ${s.scenario} | ${withRange(s.value, s.value?.median < 10 ? 2 : 0)}${extra} | ${s.unit} | ${num(s.ceiling?.median)} | ${withRange(s.ratio, 2)} | ${s.target ?? ""} | ${s.target ? (s.met ? "yes" : "**no**") : ""} | ${num(s.cpuMicrosPerEvent?.median)} | ${num((s.peakRssBytes?.median ?? 0) / 2 ** 20)} | ${num(s.otherCores?.median, 2)} | ${s.accepted} | ${s.delivered} | ${s.lost} | ${s.duplicates} | ${s.orderViolations} | ${s.badSignatures} | ${s.validRuns}/${s.runs} |`,
    );
  }
  return lines.join("\n");
}

/** The every-run rules, per scenario: what broke them, if anything. */
export function correctnessLines(summaries) {
  return summaries.map((s) => {
    const bad = s.disqualified.length ? `NOT COUNTED: ${s.disqualified.join("; ")}` : "ok";
    return `${s.scenario.padEnd(7)} lost ${s.lost}, duplicates ${s.duplicates}, order violations ${s.orderViolations}, bad signatures ${s.badSignatures}, failed requests ${s.failures}: ${bad}`;
  });
}

/**
 * Writes the run's files: <stamp>-<harness>.jsonl (one line per scenario), .md (the table) and
 * the charts, <stamp>-<harness>-<chart>.svg. Returns {base, charts: [paths]}.
 */
export function writeResults(stamp, harness, meta, summaries, runsById, table) {
  mkdirSync(resultsDir, { recursive: true });
  const base = path.join(resultsDir, `${stamp}-${harness}`);
  const lines = summaries.map((s) => ({
    ...meta,
    ...s,
    runDetails: runsById.get(s.scenario) ?? [],
  }));
  writeFileSync(`${base}.jsonl`, "");
  for (const line of lines) appendFileSync(`${base}.jsonl`, `${JSON.stringify(line)}\n`);
  writeFileSync(`${base}.md`, `${table}\n`);
  const caption = `${meta.profile} run ${meta.startedAt.slice(0, 10)}, ${meta.git.sha}, ${harness} harness, ${meta.rounds} round(s)`;
  const charts = Object.entries(runCharts(lines, caption)).map(([name, svg]) => {
    const file = `${base}-${name}.svg`;
    writeFileSync(file, svg);
    return file;
  });
  return { base, charts };
}
