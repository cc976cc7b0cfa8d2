import type { Principal } from "../app-env";
import type { Database } from "../db/client";
import type { MetricFamily } from "../observability/prometheus";
import {
  deadLetterCounts,
  failedDeliveriesSince,
  openDeliveries,
  openDeliveriesByWallet,
} from "../repositories/metrics";
import { adminScope } from "../repositories/scope";

const HOUR_MS = 3_600_000;

const ageSeconds = (now: number, iso: string | null) =>
  iso === null ? null : Math.max(0, Math.round((now - Date.parse(iso)) / 1000));

/**
 * The operator's view of the whole service from D1: open deliveries and the age of the oldest,
 * deliveries failed in the last hour and day, dead letters, and the wallets with most open.
 * D1 mirrors the webhook objects every few seconds, so the figures trail them by that much.
 */
export async function operatorMetrics(
  db: Database,
  principal: Principal,
  options: { now: number; topWallets: number },
) {
  const { now } = options;
  const scope = adminScope(principal);
  const [open, failedHour, failedDay, dead, wallets] = await Promise.all([
    openDeliveries(db, scope),
    failedDeliveriesSince(db, scope, new Date(now - HOUR_MS).toISOString()),
    failedDeliveriesSince(db, scope, new Date(now - 24 * HOUR_MS).toISOString()),
    deadLetterCounts(db, scope),
    openDeliveriesByWallet(db, scope, options.topWallets),
  ]);
  return {
    generatedAt: new Date(now).toISOString(),
    backlog: {
      pending: open.pending,
      sending: open.sending,
      total: open.pending + open.sending,
      oldestPendingAgeSeconds: ageSeconds(now, open.oldestCreatedAt),
    },
    failures: {
      deliveriesFailedLastHour: failedHour,
      deliveriesFailedLast24Hours: failedDay,
      deadLettersUnresolved: dead.unresolved,
      deadLettersTotal: dead.total,
    },
    walletBacklog: wallets.map((w) => ({
      walletId: w.walletId,
      open: w.open,
      oldestPendingAgeSeconds: ageSeconds(now, w.oldest),
    })),
  };
}

/** What operatorMetrics returns. */
export type OperatorMetrics = Awaited<ReturnType<typeof operatorMetrics>>;

/** The same figures as Prometheus metric families (gauges: each is a level now, not a running total). */
export function metricFamilies(m: OperatorMetrics): MetricFamily[] {
  return [
    {
      name: "herald_deliveries_open",
      help: "Deliveries not yet ended (D1 mirror), by status.",
      type: "gauge",
      samples: [
        { labels: { status: "pending" }, value: m.backlog.pending },
        { labels: { status: "sending" }, value: m.backlog.sending },
      ],
    },
    {
      name: "herald_deliveries_oldest_open_age_seconds",
      help: "Age of the oldest open delivery in seconds; 0 when none is open.",
      type: "gauge",
      samples: [{ value: m.backlog.oldestPendingAgeSeconds ?? 0 }],
    },
    {
      name: "herald_deliveries_failed",
      help: "Deliveries that ended failed within the window.",
      type: "gauge",
      samples: [
        { labels: { window: "1h" }, value: m.failures.deliveriesFailedLastHour },
        { labels: { window: "24h" }, value: m.failures.deliveriesFailedLast24Hours },
      ],
    },
    {
      name: "herald_dead_letters",
      help: "Queue messages recorded in the dead-letter table, by state.",
      type: "gauge",
      samples: [
        { labels: { state: "unresolved" }, value: m.failures.deadLettersUnresolved },
        {
          labels: { state: "resolved" },
          value: m.failures.deadLettersTotal - m.failures.deadLettersUnresolved,
        },
      ],
    },
    {
      name: "herald_wallet_deliveries_open",
      help: "Open deliveries of the wallets with the most, by wallet.",
      type: "gauge",
      samples: m.walletBacklog.map((w) => ({ labels: { wallet_id: w.walletId }, value: w.open })),
    },
  ];
}
