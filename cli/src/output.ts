import { styleText } from "node:util";

const colour = () => Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;

/** Colours only on a terminal (and never with NO_COLOR). */
export const paint = {
  green: (s: string) => (colour() ? styleText("green", s) : s),
  red: (s: string) => (colour() ? styleText("red", s) : s),
  yellow: (s: string) => (colour() ? styleText("yellow", s) : s),
  dim: (s: string) => (colour() ? styleText("dim", s) : s),
  bold: (s: string) => (colour() ? styleText("bold", s) : s),
};

/** One line to stdout. */
export function say(line = ""): void {
  process.stdout.write(`${line}\n`);
}

/** One line to stderr (notices that are not the command's output). */
export function note(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** A value as JSON on stdout (--json). */
export function printJson(value: unknown): void {
  say(JSON.stringify(value, null, 2));
}

/** Rows as an aligned table on a terminal, tab-separated otherwise (easy to cut and grep). */
export function printTable(columns: string[], rows: string[][]): void {
  if (!process.stdout.isTTY) {
    say(columns.join("\t"));
    for (const row of rows) say(row.join("\t"));
    return;
  }
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  say(paint.bold(line(columns)));
  for (const row of rows) say(line(row));
}

/** A transient progress line, on a terminal only; cleared by the next call with "". */
export function progress(text: string): void {
  if (!process.stderr.isTTY) return;
  process.stderr.write(`\r\x1b[2K${text}`);
}
