import { FIXES, MUST_REFUSE, PROBES, type ProbeName, TITLES, VERIFY_DOCS } from "./probes";

/** What one probe request came to. */
export interface ProbeAnswer {
  status: number | null;
  /** Why there was no status: "timeout", "ECONNREFUSED", ... */
  error: string | null;
  durationMs: number;
  /** The first bytes of the answer's body (to tell two answers apart). */
  body: string | null;
  /** read-body only: true when the answer came before the whole body was sent; null when unknown. */
  beforeBodyEnd?: boolean | null;
}

/** One line of the report: pass, fail, or info (not scored: the doctor cannot tell). */
export interface ProbeResult {
  probe: ProbeName;
  title: string;
  outcome: "pass" | "fail" | "info";
  why: string;
  /** The exact fix, with the README link; only on a failure. */
  fix: string | null;
  status: number | null;
  durationMs: number | null;
}

/** A scored doctor run. */
export interface DoctorReport {
  url: string;
  score: { passed: number; total: number };
  results: ProbeResult[];
}

const is2xx = (s: number | null) => s !== null && s >= 200 && s < 300;
const is4xx = (s: number | null) => s !== null && s >= 400 && s < 500;

function answered(a: ProbeAnswer): string {
  if (a.status === null)
    return a.error === "timeout" ? "no answer within the timeout" : `no answer (${a.error})`;
  return `answered ${a.status} in ${a.durationMs} ms`;
}

function judgeRefusal(a: ProbeAnswer): [boolean, string] {
  if (is4xx(a.status)) return [true, answered(a)];
  if (is2xx(a.status)) return [false, `${answered(a)}: it accepted what it should refuse`];
  return [false, `${answered(a)}; expected a 4xx`];
}

function judge(
  probe: ProbeName,
  answers: Map<ProbeName, ProbeAnswer>,
  timeoutMs: number,
): [ProbeResult["outcome"], string] {
  const signed = answers.get("signed")!;
  if (MUST_REFUSE.includes(probe)) {
    const [ok, why] = judgeRefusal(answers.get(probe)!);
    return [ok ? "pass" : "fail", why];
  }
  switch (probe) {
    case "signed":
      return is2xx(signed.status)
        ? ["pass", answered(signed)]
        : ["fail", `${answered(signed)}; expected a 2xx`];
    case "replay": {
      const again = answers.get("replay")!;
      const same = again.status === signed.status && again.body === signed.body;
      const note = `${same ? "the same answer" : `answers differ (${signed.status ?? "none"}, then ${again.status ?? "none"})`}; Herald cannot see whether it was processed twice: dedupe on webhook-id`;
      return is2xx(again.status)
        ? ["pass", `${answered(again)}, ${note}`]
        : ["fail", `${answered(again)}, ${note}`];
    }
    case "response-time": {
      if (signed.status === null) return ["fail", answered(signed)];
      const ok = signed.durationMs <= timeoutMs / 2;
      return [
        ok ? "pass" : "fail",
        `${signed.durationMs} ms for a valid delivery (timeout ${timeoutMs} ms${ok ? "" : ", over half of it"})`,
      ];
    }
    case "read-body": {
      const held = answers.get("read-body")!;
      if (held.status === null) return ["fail", answered(held)];
      if (held.beforeBodyEnd === null || held.beforeBodyEnd === undefined)
        return [
          "info",
          `${answered(held)}; whether it waited for the body cannot be seen from here`,
        ];
      return held.beforeBodyEnd
        ? ["fail", `answered ${held.status} before the whole body was sent`]
        : ["pass", `waited for the whole body, then ${answered(held)}`];
    }
    default:
      return ["info", "not judged"];
  }
}

/** Scores a run: one result per probe in PROBES order; info lines are not scored. */
export function judgeRun(
  url: string,
  answers: Map<ProbeName, ProbeAnswer>,
  timeoutMs: number,
): DoctorReport {
  const results = PROBES.map((probe): ProbeResult => {
    const [outcome, why] = judge(probe, answers, timeoutMs);
    const answer = answers.get(probe === "response-time" ? "signed" : probe);
    return {
      probe,
      title: TITLES[probe],
      outcome,
      why,
      fix: outcome === "fail" ? `${FIXES[probe]} See ${VERIFY_DOCS}` : null,
      status: answer?.status ?? null,
      durationMs: answer?.durationMs ?? null,
    };
  });
  const scored = results.filter((r) => r.outcome !== "info");
  return {
    url,
    score: { passed: scored.filter((r) => r.outcome === "pass").length, total: scored.length },
    results,
  };
}
