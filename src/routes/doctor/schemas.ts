import { z } from "@hono/zod-openapi";
import { PROBES } from "../../domain/doctor/probes";

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
  .openapi("DoctorRun");
