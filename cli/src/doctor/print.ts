import type { DoctorReport } from "../../../src/domain/doctor/judge";
import { paint, say } from "../output.ts";

/** The report as a terminal reads it: one line per probe, the score, then each failure's fix. */
export function printReport(report: DoctorReport): void {
  say(`Receiver doctor: ${report.url}`);
  for (const r of report.results) {
    const mark =
      r.outcome === "pass"
        ? paint.green("PASS")
        : r.outcome === "fail"
          ? paint.red("FAIL")
          : paint.dim("INFO");
    say(`  ${mark}  ${r.title}: ${r.why}`);
  }
  const { passed, total } = report.score;
  say(`Score: ${passed}/${total}`);
  const failures = report.results.filter((r) => r.fix);
  if (!failures.length) return;
  say("");
  say("How to fix:");
  for (const r of failures) say(`  - ${r.probe}: ${r.fix}`);
}
