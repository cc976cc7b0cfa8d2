import { type DoctorReport, judgeRun, type ProbeAnswer } from "./judge";
import { type DoctorInputs, type DoctorTarget, type ProbeRequest, planProbes } from "./plan";
import type { ProbeName } from "./probes";

/** Sends one probe request within timeoutMs; never throws (a failure is an answer without status). */
export type ProbeSender = (request: ProbeRequest, timeoutMs: number) => Promise<ProbeAnswer>;

/**
 * One doctor run: the signed delivery first (the replay must follow it), then the other probes
 * at once, so a receiver that never answers costs about two timeouts, not nine. The sender is
 * the runtime's (the Worker's fetch, Node's http); the plan and the judging are shared.
 */
export async function runDoctor(
  target: DoctorTarget,
  inputs: DoctorInputs,
  timeoutMs: number,
  send: ProbeSender,
): Promise<DoctorReport> {
  const [signed, ...rest] = await planProbes(target, inputs);
  const answers = new Map<ProbeName, ProbeAnswer>();
  answers.set("signed", await send(signed!, timeoutMs));
  const replay = rest.find((r) => r.probe === "replay")!;
  const others = rest.filter((r) => r !== replay);
  const [replayAnswer, ...otherAnswers] = await Promise.all([
    send(replay, timeoutMs),
    ...others.map((r) => send(r, timeoutMs + (r.hold?.holdMs ?? 0))),
  ]);
  answers.set("replay", replayAnswer!);
  for (const [i, r] of others.entries()) answers.set(r.probe, otherAnswers[i]!);
  return judgeRun(target.url, answers, timeoutMs);
}
