// Workers Analytics Engine: one data point per delivery attempt and per ingest request, for
// success rates and latency percentiles over SQL. The binding is optional: without it every
// writer here does nothing. The column layout is documented in the README ("Observability").
import { logger } from "./logger";

/** The part of a dataset Herald uses; undefined when the binding is not configured. */
export type Dataset = Pick<AnalyticsEngineDataset, "writeDataPoint"> | undefined;

/** The `ANALYTICS` binding of an environment, if it has one (read loosely: it may be unbound). */
export function analyticsDataset(env: object): Dataset {
  return (env as { ANALYTICS?: AnalyticsEngineDataset }).ANALYTICS;
}

/** How an attempt ended for its delivery: sent, to be retried, or failed for good. */
export type AttemptOutcome = "succeeded" | "retry" | "failed";

/** What one delivery attempt came to. */
export interface AttemptPoint {
  walletId: string | null;
  webhookId: string;
  eventType: string;
  outcome: AttemptOutcome;
  statusCode: number | null;
  durationMs: number;
  attempt: number;
}

/** What one ingest request came to. */
export interface IngestPoint {
  walletId: string | null;
  route: string;
  statusCode: number;
  durationMs: number;
}

/** An HTTP status as an ingest outcome: accepted (2xx), rejected (4xx) or error (anything else). */
export function ingestOutcome(status: number): "accepted" | "rejected" | "error" {
  if (status >= 200 && status < 300) return "accepted";
  return status >= 400 && status < 500 ? "rejected" : "error";
}

// Analytics are best effort: a dataset that refuses a point must never fail a delivery.
function write(dataset: Dataset, point: AnalyticsEngineDataPoint): void {
  if (!dataset) return;
  try {
    dataset.writeDataPoint(point);
  } catch (err) {
    logger.warn("analytics data point refused", { error: String(err) });
  }
}

/** One row per attempt: index webhook; blob1..5 kind, wallet, webhook, type, outcome; double1..3 status, ms, n. */
export function writeAttemptPoint(dataset: Dataset, p: AttemptPoint): void {
  write(dataset, {
    indexes: [p.webhookId],
    blobs: ["attempt", p.walletId ?? "", p.webhookId, p.eventType, p.outcome],
    doubles: [p.statusCode ?? 0, p.durationMs, p.attempt],
  });
}

/** One row per ingest request: index wallet; blobs kind, wallet, "", route, outcome; doubles status, ms. */
export function writeIngestPoint(dataset: Dataset, p: IngestPoint): void {
  write(dataset, {
    indexes: [p.walletId ?? ""],
    blobs: ["ingest", p.walletId ?? "", "", p.route, ingestOutcome(p.statusCode)],
    doubles: [p.statusCode, p.durationMs],
  });
}
