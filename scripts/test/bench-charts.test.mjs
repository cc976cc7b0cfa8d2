// The bench's SVG charts (bench/lib/charts.mjs): well-formed XML, every value written out.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { barChart, escapeXml, runCharts } from "../../bench/lib/charts.mjs";

/** A small XML well-formedness check: every tag closed in order, attributes quoted, no bare &. */
function assertWellFormed(svg) {
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.doesNotMatch(svg, /&(?!(amp|lt|gt|quot|apos);)/, "a bare & outside an entity");
  const stack = [];
  for (const [, closing, name, attrs, selfClosing] of svg.matchAll(
    /<(\/?)([a-zA-Z]+)([^<>]*?)(\/?)>/g,
  )) {
    // Attributes: name="value" pairs only.
    assert.match(attrs, /^(\s+[a-zA-Z:-]+="[^"<>]*")*\s*$/, `attributes of <${name}>: ${attrs}`);
    if (selfClosing) continue;
    if (closing) assert.equal(stack.pop(), name, `</${name}> closes the open element`);
    else stack.push(name);
  }
  assert.deepEqual(stack, [], "every element closed");
  // No text outside tags may hold a raw < (the regex above would have split it).
  assert.equal(svg.split("<").length - 1, svg.split(">").length - 1);
}

const summary = (scenario, fields) => ({ scenario, runDetails: [], ...fields });

describe("bench charts", () => {
  it("escapes text for XML", () => {
    assert.equal(escapeXml(`a<b>&"c"`), "a&lt;b&gt;&amp;&quot;c&quot;");
  });

  it("draws a bar per value, widest for the largest, with each value written", () => {
    const svg = barChart({
      title: "T <&> test",
      rows: [
        {
          label: "row",
          bars: [
            { name: "a", value: 50, color: "#000" },
            { name: "b", value: 100, color: "#111" },
          ],
        },
      ],
    });
    assertWellFormed(svg);
    assert.match(svg, /T &lt;&amp;&gt; test/);
    const widths = [...svg.matchAll(/<rect x="150" y="\d+" width="([\d.]+)"/g)].map((m) =>
      Number(m[1]),
    );
    assert.equal(widths.length, 2);
    assert.equal(widths[1], 2 * widths[0]);
    assert.match(svg, />a 50</);
    assert.match(svg, />b 100</);
  });

  it("charts a run's throughput against ceilings, S6's percentiles and S10 alone and flooded", () => {
    const lines = [
      summary("S1", {
        unit: "events/s",
        value: { median: 633 },
        ceiling: { median: 2140 },
        ratio: { median: 0.3 },
      }),
      summary("S3", {
        unit: "deliveries/s",
        value: { median: 555 },
        ceiling: { median: 1115 },
        ratio: { median: 0.52 },
      }),
      summary("S6@25%", { unit: "ms p50", value: { median: 136 }, p99Ms: { median: 214 } }),
      summary("S10", {
        value: { median: 180 },
        ceiling: { median: 90 },
        runDetails: [{ p50AloneMs: 41, p50FloodedMs: 77 }],
      }),
    ];
    const charts = runCharts(lines, "quick run & test");
    assert.deepEqual(Object.keys(charts).sort(), [
      "s10-noisy-neighbour",
      "s6-latency",
      "throughput",
    ]);
    for (const svg of Object.values(charts)) {
      assertWellFormed(svg);
      assert.match(svg, /quick run &amp; test/);
    }
    assert.match(charts.throughput, /633 events\/s \(0\.30 x\)/);
    assert.match(charts.throughput, /C1 2,140/);
    assert.match(charts.throughput, /555 deliveries\/s \(0\.52 x\)/);
    assert.match(charts["s6-latency"], />p50 136</);
    assert.match(charts["s6-latency"], />p99 214</);
    for (const v of ["41", "77", "90", "180"])
      assert.match(charts["s10-noisy-neighbour"], new RegExp(`>(alone|flooded) ${v}<`));
  });

  it("leaves out a chart whose scenarios did not run", () => {
    assert.deepEqual(runCharts([summary("C1", { value: { median: 1 } })], "x"), {});
  });
});
