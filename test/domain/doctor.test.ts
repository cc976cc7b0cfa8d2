import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { judgeRun, type ProbeAnswer } from "../../src/domain/doctor/judge";
import { planProbes } from "../../src/domain/doctor/plan";
import { PROBES, type ProbeName } from "../../src/domain/doctor/probes";
import { runDoctor } from "../../src/domain/doctor/run";
import { generateSecret } from "../../src/domain/signing/standard-webhooks";

const secret = generateSecret();
const target = {
  url: "https://receiver.example/hooks",
  secret,
  format: "standard" as const,
  walletId: "w-1",
};
let n = 0;
const inputs = () => ({
  nowMs: Date.now(),
  newId: () => `probe-${++n}`,
  otherSecret: generateSecret(),
});

/** What the standardwebhooks package says about a probe: the judge of what is valid. */
function libraryAccepts(req: { headers: Record<string, string>; body: string }): boolean {
  try {
    new Webhook(secret).verify(req.body, req.headers);
    return true;
  } catch {
    return false;
  }
}

const answer = (status: number | null, extra: Partial<ProbeAnswer> = {}): ProbeAnswer => ({
  status,
  error: status === null ? "timeout" : null,
  durationMs: 5,
  body: "ok",
  ...extra,
});

describe("the doctor's plan", () => {
  it("makes exactly the signed, replayed and held probes valid for a standardwebhooks receiver", async () => {
    const plan = await planProbes(target, inputs());
    const valid = plan.filter(libraryAccepts).map((p) => p.probe);
    expect(valid).toEqual(["signed", "replay", "read-body"]);
    for (const p of plan) {
      expect(p.headers["webhook-doctor"]).toBe("1");
      expect(JSON.parse(p.body.replace(',"tampered":true', "")).type).toBe("herald.doctor.probe");
    }
    const signed = plan.find((p) => p.probe === "signed")!;
    expect(plan.find((p) => p.probe === "replay")).toMatchObject({
      headers: signed.headers,
      body: signed.body,
    });
    // Apart from the replay, every probe has its own id, so a deduping receiver answers each afresh.
    const ids = plan
      .filter((p) => p.probe !== "replay")
      .map((p) => p.body.match(/"id":"([^"]+)"/)![1]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("the doctor's judging", () => {
  it("scores a receiver that refuses the bad probes and waits for the body 10/10", async () => {
    const report = await runDoctor(target, inputs(), 15_000, async (req) =>
      answer(libraryAccepts(req) ? 204 : 401, req.hold ? { beforeBodyEnd: false } : {}),
    );
    expect(report.score).toEqual({ passed: 10, total: 10 });
    expect(report.results.map((r) => r.probe)).toEqual([...PROBES]);
  });

  it("fails what a receiver accepting everything accepts, each with a fix linking the README", () => {
    const answers = new Map<ProbeName, ProbeAnswer>(
      PROBES.map((p) => [p, answer(200, { beforeBodyEnd: false })]),
    );
    const report = judgeRun("u", answers, 15_000);
    expect(report.score).toEqual({ passed: 4, total: 10 });
    const failed = report.results.filter((r) => r.outcome === "fail");
    expect(failed.map((r) => r.probe)).toEqual([
      "bad-signature",
      "no-signature",
      "other-secret",
      "old-timestamp",
      "future-timestamp",
      "changed-body",
    ]);
    for (const r of failed) expect(r.fix).toMatch(/ See README\.md#verifying-deliveries$/);
  });

  it("takes a 5xx to a bad probe as a failure (Herald would retry it), and a slow answer as one", () => {
    const answers = new Map<ProbeName, ProbeAnswer>(PROBES.map((p) => [p, answer(401)]));
    answers.set("signed", answer(200, { durationMs: 9000 }));
    answers.set("replay", answer(200));
    answers.set("bad-signature", answer(500));
    answers.set("read-body", answer(200, { beforeBodyEnd: true }));
    const byProbe = Object.fromEntries(
      judgeRun("u", answers, 15_000).results.map((r) => [r.probe, r]),
    );
    expect(byProbe["bad-signature"]).toMatchObject({
      outcome: "fail",
      why: "answered 500 in 5 ms; expected a 4xx",
    });
    expect(byProbe["response-time"]).toMatchObject({ outcome: "fail" });
    expect(byProbe["read-body"]).toMatchObject({
      outcome: "fail",
      why: "answered 200 before the whole body was sent",
    });
  });

  it("scores a replay answered differently by its status, and says it cannot see dedupe", () => {
    const answers = new Map<ProbeName, ProbeAnswer>(PROBES.map((p) => [p, answer(401)]));
    answers.set("signed", answer(200));
    answers.set("replay", answer(409));
    answers.set("read-body", answer(200, { beforeBodyEnd: null }));
    const results = judgeRun("u", answers, 15_000).results;
    const replay = results.find((r) => r.probe === "replay")!;
    expect(replay.outcome).toBe("fail");
    expect(replay.why).toMatch(
      /answers differ \(200, then 409\); Herald cannot see whether it was processed twice/,
    );
    expect(results.find((r) => r.probe === "read-body")!.outcome).toBe("info");
  });
});
