// The targets, as checks on a scenario's summary (medians of its valid runs).
// `ratio` is the figure over its same-run ceiling; S5 and S6 are absolute.

export const TARGETS = {
  // Round two (issue 15): S1 is held against C3, the most the local queue lets any worker accept.
  "S1@C3": { text: ">= 0.85 x C3", met: (s) => s.ratio?.median >= 0.85 },
  S2: { text: ">= 8 x C1", met: (s) => s.ratio?.median >= 8 },
  S3: { text: ">= 0.7 x C2, drains", met: (s) => s.ratio?.median >= 0.7 },
  S4: { text: ">= 0.7 x 1/(rtt + own CPU)", met: (s) => s.ratio?.median >= 0.7 },
  S5: { text: "all 100 delivered, p99 <= 500 ms", met: (s) => s.value?.median <= 500 },
  "S6@25%": {
    text: "p50 <= 120 ms, p99 <= 200 ms",
    met: (s) => s.value?.median <= 120 && s.p99Ms?.median <= 200,
  },
  "S6@50%": { text: "p50 <= 250 ms", met: (s) => s.value?.median <= 250 },
  S7: { text: "healthy >= 0.9 x S3", met: (s) => s.ratio?.median >= 0.9 },
  S8: { text: "<= 2 x C1 CPU/request", met: (s) => s.ratio?.median <= 2 },
  S9: { text: "subject ordering >= 0.8 x S3", met: (s) => s.ratio?.median >= 0.8 },
  // The wrangler harness (what `npm start` users see), against C2 in that harness.
  "W-unordered": { text: ">= 0.5 x C2", met: (s) => s.ratio?.median >= 0.5 },
  "W-fifo": { text: ">= 0.3 x C2", met: (s) => s.ratio?.median >= 0.3 },
  "W-e2e@100": { text: "p99 <= 250 ms", met: (s) => s.p99Ms?.median <= 250 },
  S10: {
    text: "quiet p99 flooded <= 2 x alone, quiet wallet no 429",
    met: (s) => s.ratio?.median <= 2 && s.failures === 0,
  },
  S11: {
    text: "peak RSS after all events <= 1.2 x after the first tenth",
    met: (s) => s.value?.median <= 1.2,
  },
};

/** Why a run does not count (the every-run rules), or null when it does. */
export function disqualified(run) {
  if (run.error) return `error: ${run.error}`;
  const reasons = [];
  if (run.lost > 0) reasons.push(`${run.lost} lost`);
  if (run.orderViolations > 0) reasons.push(`${run.orderViolations} order violations`);
  if (run.badSignatures > 0) reasons.push(`${run.badSignatures} bad signatures`);
  if (run.failures > 0) reasons.push(`${run.failures} failed requests`);
  return reasons.length ? reasons.join(", ") : null;
}
