// Prometheus text exposition format 0.0.4: per family a `# HELP` and a `# TYPE` line, then its
// samples, one a line, the whole ending in a newline.

/** The content type of the text format, as Prometheus expects it. */
export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** One sample: labels and a value. */
export interface Sample {
  labels?: Record<string, string>;
  value: number;
}

/** A metric family: a name, its help text, its type and its samples. */
export interface MetricFamily {
  name: string;
  help: string;
  type: "gauge" | "counter";
  samples: Sample[];
}

// The format escapes backslash and newline in help text, and also the double quote in label values.
const escapeHelp = (text: string) => text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
const escapeLabel = (text: string) => escapeHelp(text).replace(/"/g, '\\"');

function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}

function formatSample(name: string, sample: Sample): string {
  const labels = Object.entries(sample.labels ?? {});
  const set = labels.length
    ? `{${labels.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",")}}`
    : "";
  return `${name}${set} ${formatValue(sample.value)}`;
}

/** The families as one exposition document. */
export function renderPrometheus(families: MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) lines.push(formatSample(family.name, sample));
  }
  return `${lines.join("\n")}\n`;
}
