import type { Principal } from "../app-env";
import { HeraldError } from "../errors/herald-error";
import { scopeOf } from "../repositories/scope";
import { backlog, latencyPercentiles, statusCounts } from "../repositories/stats";
import { pageWebhooks, type WebhookDeps } from "./webhooks";

const STATUSES = ["pending", "sending", "succeeded", "failed", "expired"] as const;
const DEFAULT_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Per webhook over a window: deliveries by status (created in the window), success rate
 * (succeeded over ended), attempt latency p50/p95/p99, and the current backlog with the age
 * of its oldest delivery.
 */
export async function webhookStats(
  deps: WebhookDeps,
  principal: Principal,
  query: { since?: string; until?: string; limit: number; cursor?: string; walletId?: string },
) {
  const until = query.until ? new Date(query.until) : new Date();
  const since = query.since ? new Date(query.since) : new Date(until.getTime() - DEFAULT_WINDOW_MS);
  if (since > until)
    throw new HeraldError("validation_failed", "The query string is invalid", {
      errors: [{ path: "since", message: "since is after until" }],
    });
  const page = await pageWebhooks(
    deps,
    principal,
    Math.min(query.limit, 90),
    query.cursor,
    query.walletId,
  );
  const ids = page.data.map((w) => w.id);
  const [sinceIso, untilIso] = [since.toISOString(), until.toISOString()];
  const scope = scopeOf(principal);
  const [counts, latency, open] = ids.length
    ? await Promise.all([
        statusCounts(deps.db, scope, ids, sinceIso, untilIso),
        latencyPercentiles(deps.db, scope, ids, sinceIso, untilIso),
        backlog(deps.db, scope, ids),
      ])
    : [[], [], []];
  const now = Date.now();
  const data = page.data.map((w) => {
    const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<
      (typeof STATUSES)[number],
      number
    >;
    for (const c of counts)
      if (c.webhook_id === w.id && c.status in byStatus)
        byStatus[c.status as keyof typeof byStatus] = c.n;
    const ended = byStatus.succeeded + byStatus.failed + byStatus.expired;
    const lat = latency.find((l) => l.webhook_id === w.id);
    const b = open.find((o) => o.webhook_id === w.id);
    return {
      webhookId: w.id,
      url: w.url,
      enabled: w.enabled,
      deliveries: { ...byStatus, total: Object.values(byStatus).reduce((a, n) => a + n, 0) },
      successRate: ended ? byStatus.succeeded / ended : null,
      attempts: lat?.attempts ?? 0,
      latencyMs: { p50: lat?.p50 ?? null, p95: lat?.p95 ?? null, p99: lat?.p99 ?? null },
      backlog: b?.open ?? 0,
      oldestPendingAgeSeconds: b
        ? Math.max(0, Math.round((now - Date.parse(b.oldest)) / 1000))
        : null,
    };
  });
  return { window: { since: sinceIso, until: untilIso }, data, nextCursor: page.nextCursor };
}
