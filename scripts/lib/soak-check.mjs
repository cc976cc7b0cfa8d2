// The soak's verdict, from the outside: Herald's delivery log (read through the API) against
// what the receivers really saw. The same promises as test/helpers/invariants.ts:
//   - every accepted (event, webhook) pair has one delivery, ended (succeeded, failed,
//     expired) or pending with a next attempt;
//   - a delivery Herald calls succeeded reached its receiver with a 2xx;
//   - no receiver saw a webhook-id it was not owed; no more requests than recorded attempts;
//   - a fifo receiver's first successful arrivals follow ingest order;
//   - every signature verified (counted by the receivers as requests arrived).

const ENDED = new Set(["succeeded", "failed", "expired"]);

/**
 * Compares. `accepted`: [{eventId, webhook}] in ingest order; `webhooks`: [{index, id, ordering}];
 * `log`: Map webhookId -> [delivery]; `arrivals`: Map index -> [{id, status}]. Returns the
 * figures and the list of violations (empty when every invariant held).
 */
export function checkInvariants({ accepted, webhooks, log, arrivals }) {
  const violations = [];
  const figures = {
    pairs: accepted.length,
    succeeded: 0,
    failed: 0,
    expired: 0,
    pendingWithNextAttempt: 0,
    lost: 0,
    unsettled: 0,
    duplicates: 0,
    misrouted: 0,
    extraRequests: 0,
    orderViolations: 0,
    failedAfter2xx: 0,
  };
  const duplicated = [];
  const owedBy = new Map(webhooks.map((w) => [w.index, new Set()]));
  for (const a of accepted) owedBy.get(a.webhook.index).add(a.eventId);

  for (const webhook of webhooks) {
    const rows = new Map((log.get(webhook.id) ?? []).map((d) => [d.eventId, d]));
    const seen = arrivals.get(webhook.index) ?? [];
    const owed = owedBy.get(webhook.index);
    const byId = new Map();
    for (const r of seen) {
      if (!owed.has(r.id)) {
        figures.misrouted++;
        violations.push(`webhook ${webhook.index} saw ${r.id}, which it was not owed`);
        continue;
      }
      if (!byId.has(r.id)) byId.set(r.id, []);
      byId.get(r.id).push(r);
    }
    for (const eventId of owed) {
      const row = rows.get(eventId);
      const copies = byId.get(eventId) ?? [];
      const ok = copies.filter((r) => r.status === 200).length;
      if (!row) {
        figures.lost++;
        violations.push(
          `${eventId} -> webhook ${webhook.index}: accepted, but no delivery in the log`,
        );
        continue;
      }
      if (ENDED.has(row.status)) figures[row.status]++;
      else if (row.status === "pending" && row.nextAttemptAt) figures.pendingWithNextAttempt++;
      else {
        figures.unsettled++;
        violations.push(
          `${eventId} -> webhook ${webhook.index}: ${row.status} without a next attempt`,
        );
      }
      if (row.status === "succeeded" && ok === 0) {
        figures.lost++;
        violations.push(
          `${eventId} -> webhook ${webhook.index}: succeeded in the log, never answered 2xx at the receiver`,
        );
      }
      if (row.status === "failed" && ok > 0) {
        figures.failedAfter2xx++;
        violations.push(
          `${eventId} -> webhook ${webhook.index}: failed in the log, yet the receiver answered 2xx`,
        );
      }
      if (copies.length > row.attemptCount) {
        figures.extraRequests++;
        violations.push(
          `${eventId} -> webhook ${webhook.index}: ${copies.length} requests for ${row.attemptCount} attempts`,
        );
      }
      if (ok > 1) {
        figures.duplicates += ok - 1;
        duplicated.push({ deliveryId: row.id, eventId, webhook: webhook.index, copies: ok });
      }
    }
    if (webhook.ordering === "fifo") {
      const first = [];
      const firstSet = new Set();
      for (const r of seen) {
        if (r.status !== 200 || firstSet.has(r.id) || !owed.has(r.id)) continue;
        firstSet.add(r.id);
        first.push(r.id);
      }
      const expected = accepted
        .filter((a) => a.webhook.index === webhook.index && firstSet.has(a.eventId))
        .map((a) => a.eventId);
      const at = first.findIndex((id, i) => id !== expected[i]);
      if (at !== -1) {
        figures.orderViolations++;
        violations.push(
          `fifo webhook ${webhook.index}: arrival ${at} was ${first[at]}, ingest order says ${expected[at]}`,
        );
      }
    }
  }
  return { figures, violations, duplicated };
}
