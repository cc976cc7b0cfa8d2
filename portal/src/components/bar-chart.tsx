/** One bar: its label, its value and how the value reads. */
export interface Bar {
  label: string;
  value: number;
  text: string;
  /** A CSS class for the bar's colour; the label and value are always written too. */
  tone?: string;
}

/**
 * A horizontal SVG bar chart. Every bar has its label and value written as SVG text, and the
 * chart's accessible name lists them all, so a screen reader reads the same numbers.
 */
export function BarChart({ title, bars }: { title: string; bars: Bar[] }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const row = 26;
  const labelWidth = 110;
  const width = 420;
  const barSpace = width - labelWidth - 90;
  const summary = `${title}: ${bars.map((b) => `${b.label} ${b.text}`).join(", ")}`;
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <svg
        role="img"
        aria-label={summary}
        viewBox={`0 0 ${width} ${bars.length * row + 4}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
      >
        {bars.map((b, i) => {
          const y = i * row + 2;
          const w = Math.max(b.value > 0 ? 2 : 0, (b.value / max) * barSpace);
          return (
            <g key={b.label}>
              <text x={0} y={y + 16} class="chart-label">
                {b.label}
              </text>
              <rect
                x={labelWidth}
                y={y + 3}
                width={w}
                height={row - 8}
                rx={3}
                class={`bar ${b.tone ?? ""}`}
              />
              <text x={labelWidth + w + 6} y={y + 16} class="chart-value">
                {b.text}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
