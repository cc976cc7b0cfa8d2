// One round of the bench: ceilings and Herald's scenarios interleaved, each system run right
// after the ceiling it is compared with, so both see the same machine at the same moment.
import { c0, c1, c2, c3 } from "../scenarios/ceilings.mjs";
import { s3, s7, s9 } from "../scenarios/end-to-end.mjs";
import { s5 } from "../scenarios/fan-out.mjs";
import { s4 } from "../scenarios/fifo.mjs";
import { s1, s2 } from "../scenarios/ingest.mjs";
import { s6 } from "../scenarios/latency.mjs";
import { s10 } from "../scenarios/noisy-neighbour.mjs";
import { s11 } from "../scenarios/soak-memory.mjs";
import { burst, e2eLatency } from "../scenarios/wrangler-dev.mjs";

/**
 * Steps in order. `run(ctx, opts, round)` gets the round's earlier results (round.latest(id)).
 * `pair(round, result)` gives {ceiling, ratio} against what this round measured just before;
 * `needs` names the steps it reads (run too when only some scenarios are asked for).
 * `harness` limits a step to one harness (the W- steps: what `npm start` users see).
 */
export const ROUND = [
  { id: "C0", run: c0 },
  { id: "C3", run: c3 },
  { id: "C1", run: c1 },
  { id: "S1", run: s1, needs: ["C1"], pair: (r, x) => against(x.value, r.latest("C1")?.value) },
  // Not a target: S1 against C3, the most the local queue lets any worker accept (context for S1).
  { id: "S1@C3", needs: ["S1", "C3"], derive: (r) => queueBound(r.latest("S1"), r.latest("C3")) },
  { id: "C1", run: c1 },
  { id: "S2", run: s2, needs: ["C1"], pair: (r, x) => against(x.value, r.latest("C1")?.value) },
  { id: "C2", run: c2 },
  { id: "S3", run: s3, needs: ["C2"], pair: (r, x) => against(x.value, r.latest("C2")?.value) },
  // S8: the CPU S3's deliveries cost, per delivered event, against C1's per request.
  { id: "S8", needs: ["S3", "C1"], derive: (r) => cpuRatio(r.latest("S3"), r.latest("C1")) },
  {
    id: "S6@25%",
    needs: ["S3"],
    run: (ctx, opts, r) =>
      s6(ctx, opts, { share: 0.25, s3DeliveriesPerS: r.latest("S3")?.value ?? 0 }),
  },
  {
    id: "S6@50%",
    needs: ["S3"],
    run: (ctx, opts, r) =>
      s6(ctx, opts, { share: 0.5, s3DeliveriesPerS: r.latest("S3")?.value ?? 0 }),
  },
  { id: "C2", run: c2 },
  {
    id: "S7",
    run: s7,
    needs: ["S3", "C2"],
    pair: (r, x) => against(x.value, r.latest("S3")?.value),
  },
  // S9: subject ordering (50 subjects) against the S3 this round measured.
  {
    id: "S9",
    run: s9,
    needs: ["S3", "C2"],
    pair: (r, x) => against(x.value, r.latest("S3")?.value),
  },
  { id: "S4", run: s4, pair: (_r, x) => against(x.value, x.ceiling) },
  { id: "S5", run: s5 },
  // Value, ceiling and ratio come from the scenario itself: the quiet wallet flooded, alone, and the two's ratio.
  { id: "S10", run: s10 },
  { id: "C2", run: c2, harness: "wrangler" },
  {
    id: "W-unordered",
    harness: "wrangler",
    run: (ctx, opts) => burst(ctx, opts, "unordered"),
    needs: ["C2"],
    pair: (r, x) => against(x.value, r.latest("C2")?.value),
  },
  {
    id: "W-fifo",
    harness: "wrangler",
    run: (ctx, opts) => burst(ctx, opts, "fifo"),
    needs: ["C2"],
    pair: (r, x) => against(x.value, r.latest("C2")?.value),
  },
  { id: "W-e2e@100", harness: "wrangler", run: (ctx, opts) => e2eLatency(ctx, opts, 100) },
  // Last: the longest, and its memory figure is about growth, which nothing after it needs.
  { id: "S11", run: s11 },
];

function against(value, ceiling) {
  return ceiling ? { ceiling, ratio: value / ceiling } : { ceiling: null, ratio: null };
}

/** The every-run checks and counts of the run a derived figure comes from. */
function checksOf(run) {
  return {
    lost: run.lost,
    orderViolations: run.orderViolations,
    badSignatures: run.badSignatures,
    failures: run.failures,
    duplicates: run.duplicates,
    accepted: run.accepted,
    delivered: run.delivered,
    cpuMicrosPerEvent: run.cpuMicrosPerEvent,
    peakRssBytes: run.peakRssBytes,
  };
}

function cpuRatio(s3Run, c1Run) {
  if (!s3Run || !c1Run?.cpuMicrosPerEvent) return null;
  return {
    ...checksOf(s3Run),
    value: s3Run.cpuMicrosPerEvent,
    unit: "CPU µs/delivery",
    ceiling: c1Run.cpuMicrosPerEvent,
    ratio: s3Run.cpuMicrosPerEvent / c1Run.cpuMicrosPerEvent,
  };
}

function queueBound(s1Run, c3Run) {
  if (!s1Run || !c3Run?.value) return null;
  return {
    ...checksOf(s1Run),
    value: s1Run.value,
    unit: "events/s",
    ceiling: c3Run.value,
    ratio: s1Run.value / c3Run.value,
  };
}

/** The step ids to run for `only` (ids like S1 or S6, or null for all), with what they need. */
export function selectedSteps(only) {
  if (!only) return new Set(ROUND.map((s) => s.id));
  const chosen = new Set(
    ROUND.filter((s) => only.has(s.id) || only.has(s.id.replace(/@.*/, ""))).map((s) => s.id),
  );
  // Needs point only backwards and one level deep (S7 needs S3, which needs C2): two passes close them.
  for (let pass = 0; pass < 2; pass++) {
    for (const step of ROUND)
      if (chosen.has(step.id)) for (const need of step.needs ?? []) chosen.add(need);
  }
  return chosen;
}
