import { and, eq, lt, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { type DoctorRunRow, doctorRuns } from "../db/doctor-schema";
import type { DoctorReport } from "../domain/doctor/judge";
import type { Scope } from "./scope";

function inScope(scope: Scope): SQL | undefined {
  return scope.kind === "all" ? undefined : eq(doctorRuns.walletId, scope.walletId);
}

/**
 * Starts a run for a webhook unless one started after `notBefore`: one statement, so two
 * requests at once cannot both pass the rate limit. True when this caller got the run.
 */
export async function claimDoctorRun(
  db: Database,
  scope: Scope,
  run: { webhookId: string; walletId: string | null; startedAt: string },
  notBefore: string,
): Promise<boolean> {
  if (scope.kind === "wallet" && run.walletId !== scope.walletId) return false;
  const claimed = await db
    .insert(doctorRuns)
    .values({ ...run, status: "running" })
    .onConflictDoUpdate({
      target: doctorRuns.webhookId,
      set: { status: "running", startedAt: run.startedAt, finishedAt: null, report: null },
      setWhere: and(lt(doctorRuns.startedAt, notBefore), inScope(scope)),
    })
    .returning({ webhookId: doctorRuns.webhookId })
    .all();
  return claimed.length > 0;
}

/** Stores a finished run's report. */
export async function finishDoctorRun(
  db: Database,
  scope: Scope,
  webhookId: string,
  report: DoctorReport,
  finishedAt: string,
): Promise<void> {
  await db
    .update(doctorRuns)
    .set({ status: "done", report, finishedAt })
    .where(and(eq(doctorRuns.webhookId, webhookId), inScope(scope)))
    .run();
}

/** A webhook's latest run in scope, or null. */
export async function findDoctorRun(
  db: Database,
  scope: Scope,
  webhookId: string,
): Promise<DoctorRunRow | null> {
  return (
    (await db
      .select()
      .from(doctorRuns)
      .where(and(eq(doctorRuns.webhookId, webhookId), inScope(scope)))
      .get()) ?? null
  );
}
