import { sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { DoctorReport } from "../domain/doctor/judge";

// Mirrors migrations/0007_doctor_runs.sql: each webhook's latest receiver-doctor run.

/** Each webhook's latest doctor run (the row is also its rate limit). */
export const doctorRuns = sqliteTable("doctor_runs", {
  webhookId: text("webhook_id").primaryKey(),
  walletId: text("wallet_id"),
  status: text("status", { enum: ["running", "done"] }).notNull(),
  startedAt: text("started_at").notNull(),
  finishedAt: text("finished_at"),
  report: text("report", { mode: "json" }).$type<DoctorReport>(),
});

/** A stored doctor run. */
export type DoctorRunRow = typeof doctorRuns.$inferSelect;
