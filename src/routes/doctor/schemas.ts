import { z } from "@hono/zod-openapi";
import { PROBES } from "../../domain/doctor/probes";

// What GET /openapi.json shows: a finished run against a receiver that accepts everything.
const result = (probe: (typeof PROBES)[number], title: string, pass: boolean) => ({
  probe,
  title,
  outcome: pass ? ("pass" as const) : ("fail" as const),
  why: pass ? "answered 204 in 12 ms" : "answered 200 in 9 ms: it accepted what it should refuse",
  fix: pass
    ? null
    : "Verify webhook-signature and answer 401 when no entry matches. See README.md#verifying-deliveries",
  status: pass ? 204 : 200,
  durationMs: pass ? 12 : 9,
});

const example = {
  webhookId: "0192f4b2-7c1e-7a3b-9c2d-1e2f3a4b5c6d",
  status: "done" as const,
  startedAt: "2026-01-01T10:00:00.000Z",
  finishedAt: "2026-01-01T10:00:01.042Z",
  report: {
    url: "https://receiver.example.com/hooks",
    score: { passed: 1, total: 2 },
    results: [
      result("signed", "correctly signed delivery is accepted", true),
      result("bad-signature", "bad signature is refused", false),
    ],
  },
};

export const ProbeResult = z
  .object({
    probe: z.enum(PROBES),
    title: z.string().openapi({ example: "bad signature is refused" }),
    outcome: z.enum(["pass", "fail", "info"]),
    why: z.string().openapi({ example: "answered 200 in 3 ms: it accepted what it should refuse" }),
    fix: z.string().nullable().openapi({ description: "The exact fix, on a failure" }),
    status: z.number().int().nullable(),
    durationMs: z.number().int().nullable(),
  })
  .openapi("DoctorProbeResult");

export const DoctorRun = z
  .object({
    webhookId: z.string(),
    status: z.enum(["running", "done"]),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    report: z
      .object({
        url: z.string(),
        score: z.object({ passed: z.number().int(), total: z.number().int() }),
        results: z.array(ProbeResult),
      })
      .nullable()
      .openapi({ description: "Null while the run is still going" }),
  })
  .openapi("DoctorRun", { example });
