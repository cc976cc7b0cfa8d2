// SVG charts of a run, plain SVG text (no dependency): the throughput of each scenario beside
// its same-run ceiling, S6's latency percentiles, and S10's quiet wallet alone and flooded.
// Input: the run's result lines (a scenario's summary with its runDetails, as written to
// bench/results/). Each chart is a list of rows of horizontal bars; every bar is labelled.

import { spread } from "./stats.mjs";

const WIDTH = 760;
const LABEL_W = 150;
const VALUE_W = 190;
const BAR_H = 16;
const ROW_GAP = 14;
const COLORS = { herald: "#2563eb", ceiling: "#9ca3af", alone: "#16a34a", flooded: "#dc2626" };

/** Text escaped for SVG (XML). */
export function escapeXml(text) {
  return String(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

const fmt = (x) => (x >= 10 ? Math.round(x).toLocaleString("en-US") : Number(x).toFixed(2));

/**
 * A horizontal bar chart: `rows` [{label, bars: [{name, value, color, text?}], scale?}]. Each row
 * is scaled on its own largest value unless `sharedScale` (then all rows share one axis).
 */
export function barChart({ title, subtitle = "", rows, sharedScale = false, legend = [] }) {
  const plotW = WIDTH - LABEL_W - VALUE_W;
  const finite = (v) => typeof v === "number" && Number.isFinite(v);
  const globalMax = Math.max(
    1e-9,
    ...rows.flatMap((r) => r.bars.map((b) => b.value).filter(finite)),
  );
  let y = 56;
  const parts = [];
  for (const row of rows) {
    const rowMax = sharedScale
      ? globalMax
      : Math.max(1e-9, ...row.bars.map((b) => b.value).filter(finite));
    const rowTop = y;
    for (const bar of row.bars) {
      const w = finite(bar.value) ? Math.max(1, (bar.value / rowMax) * plotW) : 0;
      parts.push(
        `<rect x="${LABEL_W}" y="${y}" width="${w.toFixed(1)}" height="${BAR_H}" fill="${bar.color}"><title>${escapeXml(`${row.label} ${bar.name}: ${finite(bar.value) ? fmt(bar.value) : "n/a"}`)}</title></rect>`,
        `<text x="${LABEL_W + w + 6}" y="${y + BAR_H - 4}" font-size="12">${escapeXml(bar.text ?? `${bar.name} ${finite(bar.value) ? fmt(bar.value) : "n/a"}`)}</text>`,
      );
      y += BAR_H + 2;
    }
    parts.push(
      `<text x="${LABEL_W - 8}" y="${(rowTop + y) / 2 + 4}" font-size="13" text-anchor="end" font-weight="bold">${escapeXml(row.label)}</text>`,
    );
    y += ROW_GAP;
  }
  const legendY = y + 4;
  legend.forEach((item, i) => {
    const x = LABEL_W + i * 170;
    parts.push(
      `<rect x="${x}" y="${legendY}" width="12" height="12" fill="${item.color}"/>`,
      `<text x="${x + 18}" y="${legendY + 11}" font-size="12">${escapeXml(item.name)}</text>`,
    );
  });
  const height = legendY + (legend.length ? 28 : 8);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, sans-serif" role="img" aria-label="${escapeXml(title)}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="16" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="12" y="40" font-size="12" fill="#4b5563">${escapeXml(subtitle)}</text>`,
    ...parts,
    "</svg>",
    "",
  ].join("\n");
}

const medianOf = (line, key) => spread((line.runDetails ?? []).map((r) => r[key]))?.median ?? null;
const byId = (lines) => Object.fromEntries(lines.map((l) => [l.scenario, l]));

/** Throughput scenarios and the ceiling each is compared with. */
const THROUGHPUT = [
  ["S1", "C1"],
  ["S2", "C1"],
  ["S3", "C2"],
  ["S4", "1/(rtt + CPU)"],
  ["S7", "S3"],
  ["S9", "S3"],
];

/** The run's charts: {file name suffix: SVG text}; a chart whose scenarios did not run is left out. */
export function runCharts(lines, caption) {
  const s = byId(lines);
  const charts = {};
  const throughput = THROUGHPUT.filter(([id]) => s[id]?.value?.median !== undefined).map(
    ([id, ceilingName]) => {
      const { value, ceiling, ratio, unit } = s[id];
      return {
        label: id,
        bars: [
          {
            name: "Herald",
            value: value.median,
            color: COLORS.herald,
            text: `${fmt(value.median)} ${unit}${ratio ? ` (${fmt(ratio.median)} x)` : ""}`,
          },
          {
            name: ceilingName,
            value: ceiling?.median ?? null,
            color: COLORS.ceiling,
            text: `${ceilingName} ${ceiling ? fmt(ceiling.median) : "n/a"}`,
          },
        ],
      };
    },
  );
  if (throughput.length)
    charts.throughput = barChart({
      title: "Throughput beside its same-run ceiling (medians)",
      subtitle: `${caption}; each row on its own scale`,
      rows: throughput,
      legend: [
        { name: "Herald", color: COLORS.herald },
        { name: "ceiling", color: COLORS.ceiling },
      ],
    });
  const s6 = ["S6@25%", "S6@50%"].filter((id) => s[id]?.value?.median !== undefined);
  if (s6.length)
    charts["s6-latency"] = barChart({
      title: "S6 ingest-to-delivery latency at 25 % and 50 % of S3's rate (medians, ms)",
      subtitle: caption,
      sharedScale: true,
      rows: s6.map((id) => ({
        label: id.replace("@", " at "),
        bars: [
          { name: "p50", value: s[id].value.median, color: COLORS.herald },
          { name: "p99", value: s[id].p99Ms?.median ?? null, color: COLORS.ceiling },
        ],
      })),
      legend: [
        { name: "p50 ms", color: COLORS.herald },
        { name: "p99 ms", color: COLORS.ceiling },
      ],
    });
  if (s.S10?.value?.median !== undefined) {
    const l = s.S10;
    charts["s10-noisy-neighbour"] = barChart({
      title: "S10 quiet wallet's ingest-to-delivery latency, alone and flooded (medians, ms)",
      subtitle: `${caption}; the other wallet floods at 10 x its ingest limit`,
      sharedScale: true,
      rows: [
        {
          label: "p50",
          bars: [
            { name: "alone", value: medianOf(l, "p50AloneMs"), color: COLORS.alone },
            { name: "flooded", value: medianOf(l, "p50FloodedMs"), color: COLORS.flooded },
          ],
        },
        {
          label: "p99",
          bars: [
            { name: "alone", value: l.ceiling?.median ?? null, color: COLORS.alone },
            { name: "flooded", value: l.value.median, color: COLORS.flooded },
          ],
        },
      ],
      legend: [
        { name: "alone", color: COLORS.alone },
        { name: "flooded", color: COLORS.flooded },
      ],
    });
  }
  return charts;
}
